header = Questa è la traduzione italiana della newsletter XMPP di { $month }. L’originale è su <{ $url }>.
credits = { $count ->
    [0] Tradotto da volontari della comunità XMPP.
   *[other] Tradotto da { $translators }.
}
footer = La newsletter XMPP è scritta dalla comunità XMPP; ogni aiuto è benvenuto: <https://xmpp.org/newsletter.html>.
shortcode-newsletter-subscribe = Iscriviti alla newsletter XMPP: <https://xmpp.org/newsletter.html>.
