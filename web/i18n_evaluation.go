package web

// evaluationCatalog holds the texts of democratic evaluation, reports and democratic life meeting oversight (issue 6).
var evaluationCatalog = map[string][2]string{}

// evaluationMessages are the English texts of its app messages.
var evaluationMessages = []message{}
