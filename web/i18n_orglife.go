package web

// orglifeCatalog holds the texts of organizational life beyond the records: meeting import, attachments, to-do list, dashboard.
var orglifeCatalog = map[string][2]string{}

// orglifeMessages are the English texts of its app messages.
var orglifeMessages = []message{}
