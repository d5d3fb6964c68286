package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// The party-affairs cadre team: every cadre the roster marks full-time or
// part-time gets a post and a since date; some full-time cadres came from
// administrative posts or moved within party affairs, a few part-timers
// rotated out of a full-time post, and about one in six full-timers has
// served more than five years (the default rotation threshold) unrotated.
// Most part-timers have last year's appraisal note. Units whose full-time
// share rounds below 1% come from the roster as it is.

// Shares of the cadre pass.
const (
	cadreLongShare       = 0.17 // full-timers in party affairs for over five years
	cadreFromAdminShare  = 0.25 // full-timers who came from an administrative post
	cadreWithinShare     = 0.10 // full-timers who moved within party affairs
	cadreRotatedOutShare = 0.03 // part-timers who left a full-time post
	cadreAppraisedShare  = 0.88 // part-timers with last year's appraisal note
)

var (
	cadreAdminPosts     = []string{"办公室副主任", "综合股股长", "人事股副股长", "财务股干部", "业务科科员", "政策法规股股长", "办公室科员"}
	cadreFirstPosts     = []string{"机关党委办公室干事", "党建工作专干", "机关党委组织干事"}
	cadreAppraisalNotes = map[string][]string{
		dangjian.AppraisalExcellent: {"履行%s职责，组织“三会一课”和主题党日规范有序，所在支部获评先进基层党组织。",
			"兼任%s，牵头完成党员发展和党费收缴工作，台账完整，表现突出。"},
		dangjian.AppraisalCompetent: {"履行%s职责，按时组织“三会一课”，完成年度党建工作任务。",
			"兼任%s，能够协助书记做好支部日常工作，资料基本齐全。",
			"作为%s，参加党务培训，落实组织生活制度，工作较为扎实。"},
		dangjian.AppraisalBasic:       {"兼任%s，组织生活有漏开情况，台账不够完整，需加强。"},
		dangjian.AppraisalIncompetent: {"兼任%s，全年多次未组织支部活动，党建工作任务未完成。"},
	}
)

// cadrePass writes the profiles, rotations and appraisal notes in bulk.
func cadrePass(ctx context.Context, tx *sqlstore.Tx, in historyInput) error {
	rng := rand.New(rand.NewPCG(uint64(in.seed), 0xcad2e_7ea_2026))
	cadres, err := tx.Cadres(ctx, in.root.Path, false)
	if err != nil {
		return err
	}
	seats, err := tx.CurrentSeats(ctx, in.root.Path)
	if err != nil {
		return err
	}
	l := tx.NewCadreLoader()
	defer l.Close()
	today := in.today
	daysAgo := func(lo, hi float64) dangjian.Date {
		return today.AddDays(-int(365 * (lo + (hi-lo)*rng.Float64())))
	}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	var profiles, rotations, appraisals int
	for _, c := range cadres {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("cadre pass: %w", err)
		}
		var post string
		var since dangjian.Date
		switch c.PartyAffairs {
		case dangjian.PartyAffairsFullTime:
			post = c.Position
			if post == "" {
				post = "党务工作专干"
			}
			if rng.Float64() < cadreLongShare {
				since = daysAgo(5.3, 12)
			} else {
				since = daysAgo(0.4, 4.8)
			}
			switch r := rng.Float64(); {
			case r < cadreFromAdminShare:
				if err := l.AddRotation(ctx, &dangjian.CadreRotation{MemberID: c.MemberID, OrgID: c.OrgID, FromPost: pick(cadreAdminPosts), ToPost: post,
					Direction: dangjian.RotationToParty, RotatedOn: since, Note: "双向交流，由行政业务岗位交流到党务岗位",
					AffairsFrom: dangjian.PartyAffairsNone, AffairsTo: dangjian.PartyAffairsFullTime}); err != nil {
					return err
				}
				rotations++
			case r < cadreFromAdminShare+cadreWithinShare:
				// Moved within party affairs: the service runs on from the first post.
				on := since.AddDays(365 + rng.IntN(365))
				if on.Before(today) {
					if err := l.AddRotation(ctx, &dangjian.CadreRotation{MemberID: c.MemberID, OrgID: c.OrgID, FromPost: pick(cadreFirstPosts), ToPost: post,
						Direction: dangjian.RotationWithin, RotatedOn: on, Note: "党务岗位之间调整",
						AffairsFrom: dangjian.PartyAffairsFullTime, AffairsTo: dangjian.PartyAffairsFullTime}); err != nil {
						return err
					}
					rotations++
				}
			}
		case dangjian.PartyAffairsPartTime:
			post = "兼职党务干事"
			since = daysAgo(0.5, 5)
			if s, ok := seats[c.MemberID]; ok {
				post = dangjian.OrgKindNames[s.OrgKind] + dangjian.PostNames[s.Post]
				if !s.TermStart.IsZero() && s.TermStart.Before(today) {
					since = s.TermStart
				}
			}
			if rng.Float64() < cadreRotatedOutShare {
				to := c.Position
				if to == "" {
					to = pick(cadreAdminPosts)
				}
				if err := l.AddRotation(ctx, &dangjian.CadreRotation{MemberID: c.MemberID, OrgID: c.OrgID, FromPost: pick(cadreFirstPosts), ToPost: to,
					Direction: dangjian.RotationToAdmin, RotatedOn: daysAgo(1, 4), Note: "双向交流，交流到行政业务岗位，兼做党务工作",
					AffairsFrom: dangjian.PartyAffairsFullTime, AffairsTo: dangjian.PartyAffairsPartTime}); err != nil {
					return err
				}
				rotations++
			}
			if rng.Float64() < cadreAppraisedShare {
				grade := dangjian.AppraisalCompetent
				switch r := rng.Float64(); {
				case r < 0.2:
					grade = dangjian.AppraisalExcellent
				case r < 0.93:
				case r < 0.99:
					grade = dangjian.AppraisalBasic
				default:
					grade = dangjian.AppraisalIncompetent
				}
				if err := l.AddAppraisal(ctx, &dangjian.CadreAppraisal{MemberID: c.MemberID, OrgID: c.OrgID, Year: today.Year() - 1, Grade: grade,
					Note: fmt.Sprintf(pick(cadreAppraisalNotes[grade]), post)}); err != nil {
					return err
				}
				appraisals++
			}
		default:
			continue
		}
		if err := l.AddProfile(ctx, c.MemberID, post, since); err != nil {
			return err
		}
		profiles++
	}
	if err := l.Flush(ctx); err != nil {
		return err
	}
	in.sum.History["cadre_profiles"] += profiles
	in.sum.History["cadre_rotations"] += rotations
	in.sum.History["cadre_appraisals"] += appraisals
	return nil
}
