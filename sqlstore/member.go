package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
)

const memberCols = `m.id, m.org_id, m.group_id, m.org_path, m.name, m.gender, m.ethnicity, m.birth_date, m.id_enc, m.education,
	m.status, m.joined_on, m.confirmed_on, m.leading_cadre, m.party_affairs, m.position, m.phone_enc, m.dues_category, m.dues_base, m.active, m.created_at, m.updated_at, o.name`

// memberListCols is memberCols with the stored masks in place of the
// ciphertexts: a list shows masked numbers, so it never needs the key.
var memberListCols = strings.NewReplacer("m.id_enc", "m.id_mask", "m.phone_enc", "m.phone_mask").Replace(memberCols)

const memberFrom = ` FROM members m JOIN orgs o ON o.id = m.org_id`

// scanMember reads a member row and decrypts its ID and phone numbers.
func (tx *Tx) scanMember(row interface{ Scan(...any) error }, extra ...any) (*dangjian.Member, error) {
	return tx.scanMemberRow(row, false, extra...)
}

// scanMemberRow reads a member row of memberCols, or of memberListCols
// when masked (then the numbers are the stored masks and no key is used).
func (tx *Tx) scanMemberRow(row interface{ Scan(...any) error }, masked bool, extra ...any) (*dangjian.Member, error) {
	var m dangjian.Member
	var group sql.NullInt64
	var idEnc, phoneEnc string
	dest := []any{&m.ID, &m.OrgID, &group, &m.OrgPath, &m.Name, &m.Gender, &m.Ethnicity, &m.BirthDate, &idEnc, &m.Education,
		&m.Status, &m.JoinedOn, &m.ConfirmedOn, &m.LeadingCadre, &m.PartyAffairs, &m.Position, &phoneEnc, &m.DuesCategory, &m.DuesBase, &m.Active, &m.CreatedAt, &m.UpdatedAt, &m.OrgName}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if group.Valid {
		m.GroupID = &group.Int64
	}
	if masked {
		m.IDNumber, m.Phone = idEnc, phoneEnc
		return &m, nil
	}
	keys, err := tx.db.Keys()
	if err != nil {
		return nil, err
	}
	if m.IDNumber, err = keys.Decrypt(idEnc); err != nil {
		return nil, fmt.Errorf("member %d id number: %w", m.ID, err)
	}
	if m.Phone, err = keys.Decrypt(phoneEnc); err != nil {
		return nil, fmt.Errorf("member %d phone: %w", m.ID, err)
	}
	return &m, nil
}

// sealed is what the members table stores of the sensitive fields.
type sealed struct {
	idEnc, idHash, idMask, phoneEnc, phoneMask string
}

// seal encrypts m's ID and phone numbers with the current key.
func (tx *Tx) seal(m *dangjian.Member) (sealed, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return sealed{}, err
	}
	s := sealed{idHash: keys.Hash(m.IDNumber), idMask: dangjian.MaskIDNumber(m.IDNumber)}
	if m.Phone != "" {
		s.phoneMask = dangjian.MaskPhone(m.Phone)
	}
	if s.idEnc, err = keys.Encrypt(m.IDNumber); err != nil {
		return sealed{}, err
	}
	if s.phoneEnc, err = keys.Encrypt(m.Phone); err != nil {
		return sealed{}, err
	}
	return s, nil
}

// idHashes returns the hashes of an ID number under every key, for lookups.
func (tx *Tx) idHashes(idNumber string) ([]string, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return nil, err
	}
	return keys.Hashes(idNumber), nil
}

// CreateMember inserts m; its OrgPath must be set. The caller adjusts the
// organization counts.
func (tx *Tx) CreateMember(ctx context.Context, m *dangjian.Member) error {
	m.CreatedAt, m.UpdatedAt = tx.Now, tx.Now
	sl, err := tx.seal(m)
	if err != nil {
		return err
	}
	err = tx.queryRow(ctx, `INSERT INTO members (org_id, group_id, org_path, name, gender, ethnicity, birth_date, id_enc, id_hash, id_mask, education,
		status, joined_on, confirmed_on, leading_cadre, party_affairs, position, phone_enc, phone_mask, dues_category, dues_base, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`,
		m.OrgID, m.GroupID, m.OrgPath, m.Name, m.Gender, m.Ethnicity, m.BirthDate, sl.idEnc, sl.idHash, sl.idMask, m.Education,
		m.Status, m.JoinedOn, m.ConfirmedOn, m.LeadingCadre, m.PartyAffairs, m.Position, sl.phoneEnc, sl.phoneMask, m.DuesCategory, m.DuesBase, m.Active, tx.Now, tx.Now).Scan(&m.ID)
	if isUniqueViolation(err) {
		return &dangjian.Error{Code: dangjian.ECONFLICT, Message: "该公民身份号码已登记", Fields: map[string]string{"id_number": "该公民身份号码已属于另一名党员"}}
	} else if err != nil {
		return fmt.Errorf("insert member: %w", err)
	}
	return nil
}

// UpdateMember writes every field of m.
func (tx *Tx) UpdateMember(ctx context.Context, m *dangjian.Member) error {
	m.UpdatedAt = tx.Now
	sl, err := tx.seal(m)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE members SET org_id = $1, group_id = $2, org_path = $3, name = $4, gender = $5, ethnicity = $6,
		birth_date = $7, id_enc = $8, id_hash = $9, id_mask = $10, education = $11, status = $12, joined_on = $13, confirmed_on = $14, leading_cadre = $15,
		party_affairs = $16, position = $17, phone_enc = $18, phone_mask = $19, dues_category = $20, dues_base = $21, active = $22, updated_at = $23 WHERE id = $24`,
		m.OrgID, m.GroupID, m.OrgPath, m.Name, m.Gender, m.Ethnicity, m.BirthDate, sl.idEnc, sl.idHash, sl.idMask, m.Education, m.Status,
		m.JoinedOn, m.ConfirmedOn, m.LeadingCadre, m.PartyAffairs, m.Position, sl.phoneEnc, sl.phoneMask, m.DuesCategory, m.DuesBase, m.Active, tx.Now, m.ID)
	if isUniqueViolation(err) {
		return &dangjian.Error{Code: dangjian.ECONFLICT, Message: "该公民身份号码已登记", Fields: map[string]string{"id_number": "该公民身份号码已属于另一名党员"}}
	} else if err != nil {
		return fmt.Errorf("update member: %w", err)
	}
	return nil
}

// Member returns the member with id.
func (tx *Tx) Member(ctx context.Context, id int64) (*dangjian.Member, error) {
	m, err := tx.scanMember(tx.queryRow(ctx, `SELECT `+memberCols+memberFrom+` WHERE m.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "党员")
	}
	return m, nil
}

// MemberIDByIDNumber returns the id of the member holding an ID number, or 0.
func (tx *Tx) MemberIDByIDNumber(ctx context.Context, idNumber string) (int64, error) {
	hashes, err := tx.idHashes(idNumber)
	if err != nil {
		return 0, err
	}
	args := make([]any, len(hashes))
	for i, h := range hashes {
		args[i] = h
	}
	var id int64
	err = tx.queryRow(ctx, `SELECT id FROM members WHERE id_hash IN (`+placeholders(1, len(hashes))+`)`, args...).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("member by id number: %w", err)
	}
	return id, nil
}

// MembersByIDNumbers returns the members holding any of the given ID
// numbers, keyed by ID number; imports use it to find rows to update.
func (tx *Tx) MembersByIDNumbers(ctx context.Context, ids []string) (map[string]*dangjian.Member, error) {
	out := make(map[string]*dangjian.Member, len(ids))
	var hashes []any
	for _, id := range ids {
		hs, err := tx.idHashes(id)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			hashes = append(hashes, h)
		}
	}
	const chunk = 500
	for start := 0; start < len(hashes); start += chunk {
		args := hashes[start:min(start+chunk, len(hashes))]
		rows, err := tx.query(ctx, `SELECT `+memberCols+memberFrom+` WHERE m.id_hash IN (`+placeholders(1, len(args))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("members by id number: %w", err)
		}
		for rows.Next() {
			m, err := tx.scanMember(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan member: %w", err)
			}
			out[m.IDNumber] = m
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("members by id number: %w", err)
		}
	}
	return out, nil
}

// nameUpper bounds a name-prefix range: every name starting with q sorts
// below q followed by the largest code point.
const nameUpper = "\U0010FFFF"

// memberConds is the WHERE clause of a member filter, shared by lists and
// exports so both select the same rows.
type memberConds struct {
	cond   string
	args   []any
	scopes []string
	query  string
}

func (tx *Tx) memberConds(ctx context.Context, f dangjian.MemberFilter) (memberConds, error) {
	scopes := f.Scopes
	if f.OrgPath != "" {
		scopes = narrow(f.Scopes, f.OrgPath)
	}
	where, args := scopeWhere("m.org_path", scopes, 1)
	if len(scopes) == 1 {
		// Searching the whole tree needs no path test on every match.
		all, err := tx.wholeTree(ctx, scopes[0])
		if err != nil {
			return memberConds{}, err
		}
		if all {
			where, args = "1 = 1", nil
		}
	}
	conds := []string{where}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	q := strings.TrimSpace(f.Query)
	if q != "" {
		add("m.name >= $%d", q)
		add("m.name < $%d", q+nameUpper)
	}
	if f.Status != "" {
		add("m.status = $%d", f.Status)
	}
	if f.LeadingCadre != nil {
		add("m.leading_cadre = $%d", *f.LeadingCadre)
	}
	if f.PartyAffairs != "" {
		add("m.party_affairs = $%d", f.PartyAffairs)
	}
	// active is written as a literal so that the partial indexes (which
	// hold active members only) are seen to apply.
	if f.Active != nil && *f.Active {
		conds = append(conds, "m.active = TRUE")
	} else if f.Active != nil {
		conds = append(conds, "m.active = FALSE")
	}
	return memberConds{cond: strings.Join(conds, " AND "), args: args, scopes: scopes, query: q}, nil
}

// Members lists the members matching f, with the total before paging; the
// ID and phone numbers come masked (read from the stored masks). The
// unfiltered roster of one subtree takes its total from the organization's
// counter, so the root's first page stays cheap at a million members.
func (tx *Tx) Members(ctx context.Context, f dangjian.MemberFilter) ([]*dangjian.Member, int, error) {
	mc, err := tx.memberConds(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	cond, args, scopes, q := mc.cond, mc.args, mc.scopes, mc.query
	order := "m.org_path, m.id"
	if q != "" {
		order = "m.name, m.org_path, m.id" // the order of members_name
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+memberListCols+memberFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Member
	for rows.Next() {
		m, err := tx.scanMemberRow(rows, true)
		if err != nil {
			return nil, 0, fmt.Errorf("scan member: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list members: %w", err)
	}
	total := 0
	if len(scopes) == 1 && q == "" && f.Status == "" && f.LeadingCadre == nil && f.PartyAffairs == "" && f.Active != nil && *f.Active {
		err = tx.queryRow(ctx, `SELECT COALESCE(SUM(member_count), 0) FROM orgs WHERE path = $1 OR ($1 = '/' AND parent_id IS NULL)`, scopes[0]).Scan(&total)
	} else {
		// No join: the count answers from the members indexes alone.
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM members m WHERE `+cond, args...).Scan(&total)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("count members: %w", err)
	}
	return out, total, nil
}

// narrow intersects the allowed scopes with the subtree at path.
func narrow(scopes []string, path string) []string {
	var out []string
	for _, s := range scopes {
		switch {
		case strings.HasPrefix(path, s):
			return []string{path}
		case strings.HasPrefix(s, path):
			out = append(out, s)
		}
	}
	return out
}

// EachMember calls fn for every member matching f, in roster order, without
// holding them all in memory; exports use it.
func (tx *Tx) EachMember(ctx context.Context, f dangjian.MemberFilter, fn func(*dangjian.Member) error) error {
	if f.Active == nil {
		t := true
		f.Active = &t
	}
	mc, err := tx.memberConds(ctx, f)
	if err != nil {
		return err
	}
	rows, err := tx.query(ctx, `SELECT `+memberCols+memberFrom+` WHERE `+mc.cond+` ORDER BY m.org_path, m.id`, mc.args...)
	if err != nil {
		return fmt.Errorf("each member: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := tx.scanMember(rows)
		if err != nil {
			return fmt.Errorf("scan member: %w", err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// OrgRoster returns who the active members whose branch or group is
// orgID are: id, organization, group, path, name, status and active, and
// nothing else (no numbers, no dates). Meetings and talks need only that,
// and a write that decodes every column of every member reads 3× slower.
func (tx *Tx) OrgRoster(ctx context.Context, orgID int64) ([]*dangjian.Member, error) {
	rows, err := tx.query(ctx, `SELECT m.id, m.org_id, m.group_id, m.org_path, m.name, m.status FROM members m
		WHERE (m.org_id = $1 OR m.group_id = $1) AND m.active = TRUE ORDER BY m.name, m.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("org roster: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Member
	for rows.Next() {
		m := &dangjian.Member{Active: true}
		var group sql.NullInt64
		if err := rows.Scan(&m.ID, &m.OrgID, &group, &m.OrgPath, &m.Name, &m.Status); err != nil {
			return nil, fmt.Errorf("scan org roster: %w", err)
		}
		if group.Valid {
			m.GroupID = &group.Int64
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMemberMove records a change of organization in the member's history.
func (tx *Tx) AddMemberMove(ctx context.Context, mv *dangjian.MemberMove) error {
	mv.At = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO member_moves (member_id, from_org_id, to_org_id, moved_on, reason, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		mv.MemberID, mv.FromOrgID, mv.ToOrgID, mv.MovedOn, mv.Reason, tx.Now).Scan(&mv.ID)
	if err != nil {
		return fmt.Errorf("insert member move: %w", err)
	}
	return nil
}

// MemberMoves returns a member's organizational history, oldest first.
func (tx *Tx) MemberMoves(ctx context.Context, memberID int64) ([]*dangjian.MemberMove, error) {
	rows, err := tx.query(ctx, `SELECT v.id, v.member_id, v.from_org_id, COALESCE(f.name, ''), v.to_org_id, t.name, v.moved_on, v.reason, v.at
		FROM member_moves v LEFT JOIN orgs f ON f.id = v.from_org_id JOIN orgs t ON t.id = v.to_org_id
		WHERE v.member_id = $1 ORDER BY v.id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("member moves: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.MemberMove
	for rows.Next() {
		var mv dangjian.MemberMove
		var from sql.NullInt64
		if err := rows.Scan(&mv.ID, &mv.MemberID, &from, &mv.FromName, &mv.ToOrgID, &mv.ToName, &mv.MovedOn, &mv.Reason, &mv.At); err != nil {
			return nil, fmt.Errorf("scan member move: %w", err)
		}
		if from.Valid {
			mv.FromOrgID = &from.Int64
		}
		out = append(out, &mv)
	}
	return out, rows.Err()
}
