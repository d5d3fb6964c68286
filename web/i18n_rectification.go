package web

// rectificationCatalog holds the texts of the rectification ledger and cadre opinions (issue 6).
var rectificationCatalog = map[string][2]string{}

// rectificationMessages are the English texts of its app messages.
var rectificationMessages = []message{}
