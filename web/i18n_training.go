package web

// trainingCatalog holds the texts of education and training (issue 5).
var trainingCatalog = map[string][2]string{}

// trainingMessages are the English texts of its app messages.
var trainingMessages = []message{}
