package demo

import (
	"context"
	"fmt"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// historyInput is what a capability's pass knows of the county just
// loaded: the rest it reads back through tx.
type historyInput struct {
	seed  int64
	today dangjian.Date
	root  *dangjian.Org
	sum   *Summary // a pass counts what it writes in sum.History
}

// pass adds one capability's year of records to the loaded county, in the
// same transaction. Each pass draws from its own random stream seeded from
// in.seed, so adding a pass changes no earlier pass's rows.
type pass struct {
	name string
	run  func(ctx context.Context, tx *sqlstore.Tx, in historyInput) error
}

// passes are run in this order after the roster and organizational life.
func passes() []pass {
	return []pass{
		// education and training (issue 5)
		{"education and training", trainingPass},
		// party-affairs cadre team (issue 5)
		{"cadre team", cadrePass},
		// democratic evaluation, reports, democratic life meeting oversight (issue 6)
		{"democratic evaluation", evalPass},
		// rectification ledger and cadre opinions (issue 6)
		{"rectification ledger and cadre opinions", rectPass},
	}
}

func history(ctx context.Context, tx *sqlstore.Tx, in historyInput) error {
	for _, p := range passes() {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if err := p.run(ctx, tx, in); err != nil {
			return fmt.Errorf("demo %s: %w", p.name, err)
		}
	}
	return nil
}
