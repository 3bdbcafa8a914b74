# Boilerplate that outlets add around a translated issue (English: the fallback of every
# language). Variables: $month (the month the issue covers), $url (the English original),
# $translators, $count (how many translators), $issue, $outlet.

header = This is a translation of the XMPP Newsletter of { $month }. The original is at <{ $url }>.
credits = { $count ->
    [0] Translated by volunteers of the XMPP community.
    [one] Translated by { $translators }.
   *[other] Translated by { $translators }.
}
footer = The XMPP Newsletter is written by the XMPP community; everyone is welcome to help: <https://xmpp.org/newsletter.html>.
# Replaces the `newsletter-subscribe` shortcode on outlets without shortcodes.
shortcode-newsletter-subscribe = Subscribe to the XMPP Newsletter: <https://xmpp.org/newsletter.html>.
