// Package dangjian holds the domain of the party-building platform: its types,
// its rules (as data, each with a stable id from RULES.md) and the pure
// computations on them. It imports only the standard library.
package dangjian
