package api_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// meetingCSV writes a meeting file as CSV under the template's header.
func meetingCSV(rows ...map[string]string) []byte {
	hdr := []string{"组织", "会议类型", "时间", "地点", "主持人", "记录人", "主题", "内容", "决议", "参会人员", "应到人数", "实到人数", "请假人数"}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(hdr)
	for _, r := range rows {
		rec := make([]string, len(hdr))
		for i, h := range hdr {
			rec[i] = r[h]
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// meetingRow is a valid assembly of branch A, by names.
func meetingRow(kv ...string) map[string]string {
	return with(map[string]string{"组织": "机关工委/县财政局党组/财政局第一党支部", "会议类型": "党员大会", "时间": "2026-03-05 14:30",
		"地点": "三楼会议室", "主持人": "张伟", "记录人": "李娜", "主题": "学习全会精神", "内容": "传达学习", "决议": "无", "参会人员": "张伟、李娜"}, kv...)
}

func TestMeetingImportAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewer", "viewer@root")
	f.user("auditor", "auditor@root")
	good := meetingCSV(meetingRow(), meetingRow("时间", "2026-04-02 09:00", "会议类型", "主题党日", "参会人员", "", "应到人数", "2", "实到人数", "1", "请假人数", "1"))
	post := func(query string, data []byte, who string) func(f *fixture) *result {
		return func(f *fixture) *result {
			return f.upload("/api/v1/imports/meetings"+query, who, "file", "会议.csv", data)
		}
	}
	list := func(f *fixture) *result { return f.do("GET", "/api/v1/meetings?org={brA}", "admin", "") }
	type row struct {
		name  string
		send  func(f *fixture) *result
		want  int
		check func(*testing.T, *fixture, *result)
	}
	rows := []row{
		{"dry run", post("?dry_run=1", good, "admin"), 200,
			all(equals("added", "2"), equals("counted", "2"), equals("dry_run", "true"), equals("written", "false"), equals("meetings.0.quorum.met", "true"))},
		{"the dry run wrote nothing", list, 200, equals("total", "0")},
		{"unknown org", post("", meetingCSV(meetingRow(), meetingRow("组织", "第九党支部")), "admin"), 422,
			all(issue(3, "组织", "找不到党组织"), equals("error.code", "invalid"), equals("written", "false"))},
		{"org outside the caller's scope", post("", meetingCSV(meetingRow("组织", "教育局第一党支部")), "secA"), 422, issue(2, "组织", "找不到党组织")},
		{"unknown attendee", post("", meetingCSV(meetingRow("参会人员", "张伟、王芳")), "admin"), 422, issue(2, "参会人员", "「王芳」不是")},
		{"bad kind", post("", meetingCSV(meetingRow("会议类型", "座谈会")), "admin"), 422, issue(2, "会议类型", "无效")},
		{"bad time", post("", meetingCSV(meetingRow("时间", "下午")), "admin"), 422, issue(2, "时间", "无法识别的时间")},
		{"present over due", post("", meetingCSV(meetingRow("参会人员", "", "应到人数", "2", "实到人数", "3")), "admin"), 422, issue(2, "实到人数", "应到人数")},
		{"missing header", post("", []byte("组织,主题\n机关工委,学习\n"), "admin"), 422, issue(1, "会议类型", "缺少「会议类型」列")},
		{"no file field", func(f *fixture) *result { return f.upload("/api/v1/imports/meetings", "admin", "", "", nil) }, 422, field("file")},
		{"bad dry_run", post("?dry_run=perhaps", good, "admin"), 422, field("dry_run")},
		{"a viewer may not import", post("", good, "viewer"), 403, nil},
		{"nothing was written by the refused imports", list, 200, equals("total", "0")},
		{"import", post("", good, "secA"), 200, all(equals("added", "2"), equals("written", "true"))},
		{"imported and marked", list, 200, all(equals("total", "2"), equals("items.0.imported", "true"), equals("items.0.headcount.due", "2"),
			equals("items.1.imported", "true"))},
		{"counted for compliance", func(f *fixture) *result { return f.do("GET", "/api/v1/orgs/{brA}/compliance?year=2026", "admin", "") }, 200,
			func(t *testing.T, f *fixture, r *result) {
				for i := 0; r.has("items." + itoa(i)); i++ {
					p := "items." + itoa(i) + "."
					if r.str(p+"rule") == "orglife.assembly" && r.str(p+"period") == "2026-Q1" {
						if r.str(p+"counted") != "1" || r.str(p+"status") != "met" {
							t.Errorf("Q1 assembly = %s %s", r.str(p+"counted"), r.str(p+"status"))
						}
						return
					}
				}
				t.Errorf("no 2026-Q1 assembly item: %s", r.body)
			}},
		{"again: duplicates", post("", good, "secA"), 422, issue(2, "时间", "已登记过")},
		{"one audit row", func(f *fixture) *result { return f.do("GET", "/api/v1/audit?action=meeting.import", "auditor", "") }, 200,
			all(equals("total", "1"), equals("items.0.actor", "secA"), equals("items.0.changes.added", "2"))},
	}
	for _, sc := range rows {
		t.Run(sc.name, func(t *testing.T) {
			ft := *f
			ft.t = t
			r := sc.send(&ft)
			if r.status != sc.want {
				t.Fatalf("status %d, want %d\n%s", r.status, sc.want, r.body)
			}
			if r.status >= 400 {
				checkErrorShape(t, r)
			}
			if sc.check != nil {
				sc.check(t, &ft, r)
			}
		})
	}
	t.Run("template", func(t *testing.T) {
		ft := *f
		ft.t = t
		r := ft.download("/api/v1/imports/meetings/template", "admin")
		if r.status != 200 || r.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("template: %d %v", r.status, r.header)
		}
		hdr, rows := table(t, r.body)
		if hdr[0] != "组织" || hdr[9] != "参会人员" || len(rows) != 1 {
			t.Errorf("template header %q, %d rows", hdr, len(rows))
		}
		// The template as it is: its example row is named, nothing else.
		up := ft.upload("/api/v1/imports/meetings?dry_run=1", "admin", "file", "会议记录导入模板.xlsx", r.body)
		if up.status != 422 || up.num("error_count") != 1 {
			t.Errorf("template upload: %d %s", up.status, up.body)
		}
		if r := ft.download("/api/v1/imports/meetings/template", "viewer"); r.status != 403 {
			t.Errorf("viewer template: %d", r.status)
		}
	})
	t.Run("error workbook", func(t *testing.T) {
		ft := *f
		ft.t = t
		r := ft.upload("/api/v1/imports/meetings/errors", "admin", "file", "会议.csv", meetingCSV(meetingRow("时间", "某天")))
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("errors: %d %v", r.status, r.header)
		}
		hdr, rows := table(t, r.body)
		if hdr[len(hdr)-1] != "错误说明" || len(rows) != 1 || !strings.Contains(rows[0][len(hdr)-1], "时间：无法识别的时间「某天」") {
			t.Errorf("error workbook = %q %q", hdr, rows)
		}
	})
}
