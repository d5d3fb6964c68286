package web

// cadreCatalog holds the texts of the party-affairs cadre team (issue 5).
var cadreCatalog = map[string][2]string{}

// cadreMessages are the English texts of its app messages.
var cadreMessages = []message{}
