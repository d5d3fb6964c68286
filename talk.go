package dangjian

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Talk is a heart-to-heart talk (谈心谈话) between two members of a branch.
type Talk struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	AID       int64     `json:"a_id"`
	BID       int64     `json:"b_id"`
	AName     string    `json:"a_name,omitempty"`
	BName     string    `json:"b_name,omitempty"`
	HeldOn    Date      `json:"held_on"`
	Topic     string    `json:"topic"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a talk; today bounds the date.
func (t *Talk) Validate(today Date) error {
	v := Invalid{}
	t.Topic = strings.TrimSpace(t.Topic)
	if t.OrgID <= 0 {
		v.Add("org_id", "请选择党支部")
	}
	if t.AID <= 0 {
		v.Add("a_id", "请选择谈话人")
	}
	if t.BID <= 0 {
		v.Add("b_id", "请选择谈话对象")
	} else if t.BID == t.AID {
		v.Add("b_id", "谈话双方不能是同一人")
	}
	switch {
	case t.HeldOn.IsZero():
		v.Add("held_on", "请填写谈话日期")
	case t.HeldOn.After(today):
		v.Add("held_on", "谈话日期不能晚于今天")
	case t.HeldOn.Before(NewDate(1921, 1, 1)):
		v.Add("held_on", "谈话日期不合理")
	}
	if utf8.RuneCountInString(t.Topic) > 200 {
		v.Add("topic", "谈话主题不能超过200个字")
	}
	return v.Err()
}

// Pair is two members who owe each other a talk; AID < BID.
type Pair struct {
	AID   int64  `json:"a_id"`
	BID   int64  `json:"b_id"`
	AName string `json:"a_name"`
	BName string `json:"b_name"`
}

// pairOf orders two ids so that a talk A–B and B–A are the same pair.
func pairOf(a, b int64) [2]int64 {
	if a > b {
		a, b = b, a
	}
	return [2]int64{a, b}
}

// TalkCoverage is how far a branch is through the talks it owes in a year
// (orglife.talks).
type TalkCoverage struct {
	Required int    `json:"required"`
	Done     int    `json:"done"`
	Missing  []Pair `json:"missing"`
}

// CoverTalks computes the coverage: the required pairs are every two
// committee members and every committee member with every other member,
// each unordered pair once. members are the branch's active members,
// committee the ids of the committee members among them, talks the year's
// talks. It is O(members²), meant for one branch.
func CoverTalks(members []Due, committee []int64, talks []Talk) TalkCoverage {
	names := make(map[int64]string, len(members))
	for _, m := range members {
		names[m.MemberID] = m.Name
	}
	onCommittee := map[int64]bool{}
	for _, id := range committee {
		if _, ok := names[id]; ok {
			onCommittee[id] = true
		}
	}
	done := map[[2]int64]bool{}
	for _, t := range talks {
		done[pairOf(t.AID, t.BID)] = true
	}
	cov := TalkCoverage{Missing: []Pair{}}
	seen := map[[2]int64]bool{}
	for _, c := range members {
		if !onCommittee[c.MemberID] {
			continue
		}
		for _, o := range members {
			if o.MemberID == c.MemberID {
				continue
			}
			p := pairOf(c.MemberID, o.MemberID)
			if seen[p] {
				continue
			}
			seen[p] = true
			cov.Required++
			if done[p] {
				cov.Done++
			} else {
				cov.Missing = append(cov.Missing, Pair{AID: p[0], BID: p[1], AName: names[p[0]], BName: names[p[1]]})
			}
		}
	}
	sort.Slice(cov.Missing, func(i, j int) bool {
		a, b := cov.Missing[i], cov.Missing[j]
		return a.AID < b.AID || a.AID == b.AID && a.BID < b.BID
	})
	return cov
}
