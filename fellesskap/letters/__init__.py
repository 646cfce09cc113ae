"""Decision letters (vedtaksbrev): the printable letter of an exclusion or a
coercive-means decision, in bokmål and English, as HTML and PDF."""
