package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// meetingCSV is a meeting file: the template's header, then rows by header.
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

// pastMeeting is a valid assembly of branch A by counts.
func pastMeeting(kv ...string) map[string]string {
	r := map[string]string{"组织": "机关工委/县财政局党组/财政局第一党支部", "会议类型": "党员大会", "时间": "2026-03-05 14:30", "地点": "三楼会议室",
		"主持人": "张伟", "记录人": "李娜", "主题": "学习全会精神", "应到人数": "2", "实到人数": "2"}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return r
}

// everyPageMeetingImport stages a meeting import with one bad row, for
// the page test.
func everyPageMeetingImport(t *testing.T, f *fixture) int64 {
	t.Helper()
	id, _, err := f.app.StageMeetingImport(context.Background(), f.admin, app.ImportFile{Name: "会议.csv",
		Data: meetingCSV(pastMeeting(), pastMeeting("会议类型", "茶话会"))})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMeetingImportFlow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]

	// The links to the import: from a branch's meetings and from the member import.
	expect(t, "meetings list", f.get("/orgs/"+id(f.branchA.ID)+"/meetings", admin), http.StatusOK, []string{`href="/imports/meetings"`, "导入会议记录"}, nil)
	expect(t, "member import", f.get("/imports/members", admin), http.StatusOK, []string{`href="/imports/meetings"`}, nil)
	expect(t, "form", f.get("/imports/meetings", admin), http.StatusOK, []string{`enctype="multipart/form-data"`, `href="/imports/meetings/template"`}, nil)

	// A file refused as a whole: back to the form, 422, with the reason.
	res := f.upload("/imports/meetings", admin, "会议.csv", []byte("主题\n学习\n"))
	expect(t, "bad header", res, http.StatusUnprocessableEntity, []string{`id="import-alert"`, "缺少「组织」列"}, nil)
	res = f.upload("/imports/meetings", admin, "", nil)
	expect(t, "no file", res, http.StatusUnprocessableEntity, []string{`id="import-alert"`}, nil)

	// A file with a bad row: the preview lists it and offers the report.
	res = f.upload("/imports/meetings", admin, "会议.csv", meetingCSV(pastMeeting(), pastMeeting("参会人员", "王五", "应到人数", "", "实到人数", "")))
	if res.code != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", res.code, excerpt(res.body))
	}
	loc := res.header.Get("Location")
	res = f.get(loc, admin)
	expect(t, "preview with errors", res, http.StatusOK, []string{`id="import-issues"`, "「王五」不是", loc + "/errors"}, []string{`action="` + loc + `/confirm"`})
	rep := f.get(loc+"/errors", admin)
	if rep.code != http.StatusOK || !strings.Contains(rep.header.Get("Content-Disposition"), ".xlsx") {
		t.Errorf("error report: %d %v", rep.code, rep.header)
	}

	// A good file: preview, nothing written yet, then confirm.
	good := meetingCSV(pastMeeting(), pastMeeting("时间", "2026-04-09 09:00", "会议类型", "主题党日", "应到人数", "", "实到人数", "", "参会人员", "张伟、李娜"))
	res = f.upload("/imports/meetings", admin, "会议.csv", good)
	loc = res.header.Get("Location")
	res = f.get(loc, admin)
	expect(t, "preview", res, http.StatusOK, []string{`id="import-ready"`, `id="import-meetings"`, "按人数：应到 2，实到 2，请假 0", "按名单：2 人出席", `action="` + loc + `/confirm"`}, nil)
	if _, n, _ := f.app.Meetings(context.Background(), f.admin, app.MeetingQuery{OrgID: f.branchA.ID}, app.Page{}); n != 0 {
		t.Fatalf("the preview wrote %d meetings", n)
	}
	res = f.afterRedirect(f.post(loc+"/confirm", admin, nil), admin)
	expect(t, "done", res, http.StatusOK, []string{`id="import-done"`, "会议记录已导入", "已导入 2 次会议"}, nil)
	ms, n, _ := f.app.Meetings(context.Background(), f.admin, app.MeetingQuery{OrgID: f.branchA.ID}, app.Page{})
	if n != 2 {
		t.Fatalf("imported %d meetings", n)
	}
	// The list, the record (by counts) and the ledger show the mark.
	expect(t, "list badge", f.get("/orgs/"+id(f.branchA.ID)+"/meetings", admin), http.StatusOK, []string{`<span class="badge plain">导入</span>`}, nil)
	var byCounts *dangjian.Meeting
	for _, m := range ms {
		if m.Kind == dangjian.MeetingAssembly {
			byCounts = m
		}
	}
	res = f.get("/meetings/"+id(byCounts.ID), admin)
	expect(t, "record by counts", res, http.StatusOK, []string{`<span class="badge plain">导入</span>`, "应到 2 人，实到 2 人", `id="headcount"`, "李娜", "张伟"}, nil)
	res = f.get("/orgs/"+id(f.branchA.ID)+"/ledger?year=2026", admin)
	expect(t, "ledger", res, http.StatusOK, []string{"导入", `<td class="num">2</td><td class="num">2</td><td class="num">0</td>`, "<td>张伟</td>"}, nil)
	// A second confirmation imports nothing more.
	res = f.post(loc+"/confirm", admin, nil)
	if res.code != http.StatusConflict {
		t.Errorf("second confirm: %d", res.code)
	}
	// The template downloads.
	tpl := f.get("/imports/meetings/template", admin)
	if tpl.code != http.StatusOK || !strings.Contains(tpl.header.Get("Content-Disposition"), ".xlsx") {
		t.Errorf("template: %d %v", tpl.code, tpl.header)
	}
}

func TestMeetingImportForbidden(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.user("viewer", dangjian.RoleViewer, f.root, nil)
	if res := f.get("/imports/meetings", c); res.code != http.StatusForbidden {
		t.Errorf("viewer form: %d", res.code)
	}
	if res := f.upload("/imports/meetings", c, "会议.csv", meetingCSV(pastMeeting())); res.code != http.StatusForbidden {
		t.Errorf("viewer upload: %d", res.code)
	}
}
