header = Dies ist die deutsche Übersetzung des XMPP-Newsletters ({ $month }). Das Original steht unter <{ $url }>.
credits = { $count ->
    [0] Übersetzt von Freiwilligen der XMPP-Gemeinschaft.
   *[other] Übersetzt von { $translators }.
}
footer = Der XMPP-Newsletter wird von der XMPP-Gemeinschaft geschrieben; jede Hilfe ist willkommen: <https://xmpp.org/newsletter.html>.
shortcode-newsletter-subscribe = Den XMPP-Newsletter abonnieren: <https://xmpp.org/newsletter.html>.
