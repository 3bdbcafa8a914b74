header = Ceci est la traduction française de la lettre d’information XMPP ({ $month }). L’original est sur <{ $url }>.
credits = { $count ->
    [0] Traduction : des bénévoles de la communauté XMPP.
   *[other] Traduction : { $translators }.
}
footer = La lettre d’information XMPP est écrite par la communauté XMPP, et toute aide est la bienvenue : <https://xmpp.org/newsletter.html>.
shortcode-newsletter-subscribe = Abonnez-vous à la lettre d’information XMPP : <https://xmpp.org/newsletter.html>.
