package web

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
)

// Languages: Simplified Chinese by default, English on request.
const (
	langZh = "zh"
	langEn = "en"
)

// langs are the languages in the order of catalog entries.
var langs = [2]string{langZh, langEn}

func validLang(l string) bool { return l == langZh || l == langEn }

func langIndex(l string) int {
	if l == langEn {
		return 1
	}
	return 0
}

// htmlLang is the value of <html lang>.
func htmlLang(l string) string {
	if l == langEn {
		return "en"
	}
	return "zh-CN"
}

// tr returns the text of key in lang, formatted with args. A key missing
// from the catalog shows as itself, and a test keeps that from shipping.
func tr(lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		return key
	}
	s := e[langIndex(lang)]
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// enumName names a value of an enumeration (kind, post, role, status,
// action...) in lang; an unknown value shows as the identifier, so data
// written by a newer capability still displays.
func enumName(lang, group, v string) string {
	if e, ok := catalog[group+"."+v]; ok {
		return e[langIndex(lang)]
	}
	return v
}

// formatDate writes 2026年3月5日 in Chinese and 2026-03-05 in English.
func formatDate(lang string, d dangjian.Date) string {
	if lang == langEn {
		return d.String()
	}
	return d.Chinese()
}

// formatTime writes an instant in China Standard Time.
func formatTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	c := t.In(dangjian.CST)
	if lang == langEn {
		return c.Format("2006-01-02 15:04")
	}
	return c.Format("2006年1月2日 15:04")
}

// formatInt groups digits by thousands: 3,012.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// findingText is a finding's message in lang.
func findingText(lang string, f dangjian.Finding) string {
	if lang == langEn {
		if f.MessageEn != "" {
			return f.MessageEn
		}
		return msgIn(lang, f.Message)
	}
	return f.Message
}

// severityClass maps a finding's severity to the status colour class; the
// badge next to it always says the word too.
func severityClass(sev string) string {
	if sev == dangjian.SeverityError {
		return "missing"
	}
	return "due"
}

// sourceNames are the short names of the regulations the rule table cites.
var sourceNames = []struct{ zh, en string }{
	{"支部条例", "Branch Work Regulations"},
	{"机关条例", "Regulations on Party Organizations in Party and State Organs"},
	{"任期意见", "Opinions on the Terms of Grassroots Organizations"},
	{"党费规定", "Party Dues Provisions"},
	{"发展细则", "Detailed Rules on Admitting Members"},
	{"教育条例", "Member Education Regulations"},
	{"培训规划", "Member Training Plan 2019–2023"},
	{"民主生活会规定", "Provisions on Democratic Life Meetings"},
	{"述职办法", "Secretaries' Report Measures"},
	{"党章", "Party Constitution"},
	{"地方惯例", "local practice"},
	{"共产党员网", "12371.cn"},
	{"精神", "spirit"},
}

var articleRe = regexp.MustCompile(`第([一二三四五六七八九十]+)条`)

// sourceIn names a rule's source in lang: the English page translates the
// regulation names and article numbers.
func sourceIn(lang, src string) string {
	if lang != langEn {
		return src
	}
	src = articleRe.ReplaceAllStringFunc(src, func(m string) string {
		return "Art. " + strconv.Itoa(chineseNumber(articleRe.FindStringSubmatch(m)[1]))
	})
	for _, n := range sourceNames {
		src = strings.ReplaceAll(src, n.zh, n.en)
	}
	return src
}

// chineseNumber reads a Chinese numeral up to 99 (四, 十一, 三十二).
func chineseNumber(s string) int {
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		cur = digits[r]
	}
	return n + cur
}

// systemTexts are texts app writes into records (a move's reason), with
// their English; anything else in a record is the user's and shown as is.
var systemTexts = map[string]string{
	"登记入册": "Registered",
}

// dataIn shows a recorded text in lang: system texts are translated.
func dataIn(lang, s string) string {
	if en, ok := systemTexts[s]; ok && lang == langEn {
		return en
	}
	return s
}

// msgIn is a message from app or the domain (always Chinese) in lang. The
// English page maps the known messages; anything unknown gets a generic
// sentence rather than Chinese.
func msgIn(lang, zh string) string {
	if lang != langEn || zh == "" {
		return zh
	}
	for _, m := range messagesEn {
		if sub := m.re.FindStringSubmatch(zh); sub != nil {
			args := make([]any, 0, len(sub)-1)
			for _, a := range sub[1:] {
				args = append(args, kindEn(a))
			}
			if len(args) == 0 || !strings.Contains(m.en, "%") {
				return m.en
			}
			return fmt.Sprintf(m.en, args...)
		}
	}
	return "The value is not valid."
}

// kindEn translates a captured organization-kind name; other captures
// (numbers, dates) pass through.
func kindEn(s string) string {
	for _, k := range dangjian.OrgKinds {
		if catalog["kind."+k][0] == s {
			return strings.ToLower(catalog["kind."+k][1])
		}
	}
	return s
}

func msgRe(s string) *regexp.Regexp { return regexp.MustCompile("^" + s + "$") }

// message is the English text of a message app or the domain produces.
type message struct {
	re *regexp.Regexp
	en string
}

// messagesEn are the English texts of every capability's messages, in the
// order they are tried.
var messagesEn = slices.Concat(coreMessages, orglifeMessages, trainingMessages, cadreMessages, evaluationMessages, rectificationMessages)

// catalog holds every text the pages show: key → {Chinese, English}. Each
// capability keeps its own part, in the file named for it.
var catalog = mergeCatalogs(coreCatalog, orglifeCatalog, trainingCatalog, cadreCatalog, evaluationCatalog, rectificationCatalog, auditCatalog)

// mergeCatalogs joins the parts; a key in two parts is a programming
// error, caught by every test that loads the package.
func mergeCatalogs(parts ...map[string][2]string) map[string][2]string {
	out := map[string][2]string{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := out[k]; dup {
				panic("web: catalog key " + k + " defined twice")
			}
			out[k] = v
		}
	}
	return out
}

// coreMessages are the messages of the foundation, roster and
// organizational-life records.
var coreMessages = []message{
	{msgRe(`输入有误，请检查标出的字段`), "Some fields need correcting; they are marked below."},
	{msgRe(`没有权限执行此操作`), "You do not have permission to do this."},
	{msgRe(`(?:组织|党员|用户|页面|记录|会话|委员会)不存在`), "Not found."},
	{msgRe(`用户名或密码错误`), "Wrong username or password."},
	{msgRe(`登录失败次数过多，账号已锁定至 (.+)`), "Too many failed logins: the account is locked until %s (China Standard Time)."},
	{msgRe(`请先登录`), "Please log in."},
	{msgRe(`登录已过期，请重新登录`), "Your session has expired; please log in again."},
	{msgRe(`表单无法读取`), "The form could not be read."},
	// organizations
	{msgRe(`请填写组织名称`), "Enter the organization's name."},
	{msgRe(`组织名称不能超过100个字`), "The name may have at most 100 characters."},
	{msgRe(`组织名称不能包含“/”`), "The name may not contain “/”."},
	{msgRe(`组织类别无效`), "Choose a valid kind."},
	{msgRe(`请选择上级组织`), "Choose the parent organization."},
	{msgRe(`单位名称不能超过100个字`), "The unit may have at most 100 characters."},
	{msgRe(`组织编码不能超过40个字符`), "The code may have at most 40 characters."},
	{msgRe(`在编人数须在 0 到 1000000 之间`), "The staff count must be between 0 and 1,000,000."},
	{msgRe(`上级组织不存在`), "The parent organization does not exist."},
	{msgRe(`新的上级组织不存在`), "The new parent organization does not exist."},
	{msgRe(`(.+)下不能设立(.+)`), "A %[2]s cannot be set up under a %[1]s."},
	{msgRe(`顶层组织不能移动`), "A top-level organization cannot be moved."},
	{msgRe(`不能移动到本组织或其下级组织之下`), "An organization cannot be moved under itself or its own subtree."},
	{msgRe(`顶层组织不能删除`), "A top-level organization cannot be deleted."},
	{msgRe(`该组织还有 (\d+) 个下级组织，请先移走或删除`), "This organization still has %s sub-organizations: move or delete them first."},
	{msgRe(`该组织还有 (\d+) 名党员，请先转出`), "This organization still has %s members: transfer them first."},
	{msgRe(`该组织仍有党员、历史记录或账号角色，不能删除`), "This organization still has members, history or account roles, so it cannot be deleted."},
	// committees
	{msgRe(`请填写任期开始日期`), "Enter the start of the term."},
	{msgRe(`请填写任期结束日期`), "Enter the end of the term."},
	{msgRe(`任期结束日期须晚于开始日期`), "The term must end after it starts."},
	{msgRe(`请选择党员`), "Choose a member."},
	{msgRe(`同一党员不能重复任职`), "A member may hold only one post."},
	{msgRe(`职务无效`), "Choose a valid post."},
	{msgRe(`只能有一名书记`), "There can be only one secretary."},
	{msgRe(`该党员不在本组织`), "This member does not belong to the organization."},
	{msgRe(`请至少填写一名委员`), "Enter at least one committee member."},
	// members
	{msgRe(`请填写姓名`), "Enter the name."},
	{msgRe(`姓名不能超过40个字`), "The name may have at most 40 characters."},
	{msgRe(`性别须为男（male）或女（female）`), "Choose male or female."},
	{msgRe(`请填写出生日期`), "Enter the date of birth."},
	{msgRe(`出生日期不合理`), "The date of birth is not plausible."},
	{msgRe(`请填写公民身份号码`), "Enter the citizen ID number."},
	{msgRe(`公民身份号码应为18位，实际 (\d+) 位`), "A citizen ID number has 18 characters; this one has %s."},
	{msgRe(`公民身份号码前17位须为数字`), "The first 17 characters of a citizen ID number must be digits."},
	{msgRe(`公民身份号码校验位错误（应为 (.)）`), "The check character of the citizen ID number is wrong (it should be %s)."},
	{msgRe(`公民身份号码中的出生日期 (\d+) 无效`), "The birth date in the citizen ID number (%s) is not a valid date."},
	{msgRe(`公民身份号码中的出生日期（(.+)）与出生日期不一致`), "The birth date in the citizen ID number (%s) does not match the date of birth."},
	{msgRe(`公民身份号码中的性别与所填性别不一致`), "The gender in the citizen ID number does not match the gender entered."},
	{msgRe(`该公民身份号码已登记`), "This citizen ID number is already registered."},
	{msgRe(`该公民身份号码已属于另一名党员`), "This citizen ID number belongs to another member."},
	{msgRe(`请选择所在党支部`), "Choose the branch."},
	{msgRe(`所在党组织不存在`), "The organization does not exist."},
	{msgRe(`党员须编入党支部（所选组织是(.+)）`), "A member must belong to a branch (the organization chosen is a %s)."},
	{msgRe(`党小组须是所在党支部下的党小组`), "The party group must belong to the member's branch."},
	{msgRe(`党员状态须为正式（full）或预备（probationary）`), "Choose full or probationary."},
	{msgRe(`请填写入党日期`), "Enter the date of joining."},
	{msgRe(`入党日期不能晚于今天`), "The date of joining cannot be in the future."},
	{msgRe(`入党时须年满18周岁`), "A member must have been at least 18 when joining."},
	{msgRe(`预备党员不应有转正日期`), "A probationary member has no confirmation date."},
	{msgRe(`转正日期须晚于入党日期`), "The confirmation date must be after the date of joining."},
	{msgRe(`转正日期不能晚于今天`), "The confirmation date cannot be in the future."},
	{msgRe(`党务干部须为 none、full_time 或 part_time`), "Choose none, full-time or part-time."},
	{msgRe(`民族不能超过20个字`), "The ethnicity may have at most 20 characters."},
	{msgRe(`学历不能超过20个字`), "The education may have at most 20 characters."},
	{msgRe(`工作岗位不能超过60个字`), "The position may have at most 60 characters."},
	{msgRe(`联系电话格式不正确（手机11位或带区号的座机）`), "The phone number is not valid (11-digit mobile, or a landline with area code)."},
	{msgRe(`请填写转接原因`), "Enter the reason for the transfer."},
	// users
	{msgRe(`用户名须为3到32个字符`), "A username has 3 to 32 characters."},
	{msgRe(`用户名只能包含字母、数字、下划线、短横线和点`), "A username may contain only letters, digits, '_', '-' and '.'."},
	{msgRe(`密码至少10个字符`), "A password has at least 10 characters."},
	{msgRe(`密码过长`), "The password is too long."},
	{msgRe(`密码须包含小写字母、大写字母、数字、符号中的至少三类`), "A password needs three of: lower-case letters, upper-case letters, digits, symbols."},
	{msgRe(`未知角色 (.+)`), "Unknown role %s."},
	{msgRe(`每个角色须指定组织（org_id）`), "Every role needs an organization."},
	{msgRe(`系统管理员、安全管理员、审计管理员须由不同账号担任`), "The system, security and audit administrators must be different accounts."},
	{msgRe(`角色所在组织不存在`), "The role's organization does not exist."},
	{msgRe(`组织 (\d+) 不存在或不在管理范围内`), "Organization %s does not exist or is outside your scope."},
	{msgRe(`关联的党员不存在`), "The linked member does not exist."},
	{msgRe(`党员不存在`), "The member does not exist."},
	{msgRe(`用户名已存在`), "The username is taken."},
	{msgRe(`用户名已被使用`), "This username is already in use."},
	// member self-service
	{msgRe(`账号未关联党员档案，不能提交更正申请`), "Your account is not linked to a member record, so it cannot ask for corrections."},
	{msgRe(`账号未关联党员档案`), "Your account is not linked to a member record."},
	{msgRe(`更正申请不存在`), "Not found."},
	{msgRe(`请填写更正理由`), "Say why the record should change."},
	{msgRe(`退回须填写理由`), "Say why the request is returned."},
	{msgRe(`理由不能超过500个字`), "The reason may have at most 500 characters."},
	{msgRe(`请至少填写一项需要更正的内容`), "Change at least one field."},
	{msgRe(`请至少填写一项与现有记录不同的内容`), "Nothing differs from the record: change at least one field."},
	{msgRe(`该项不能通过更正申请修改`), "This field cannot be changed by a correction request."},
	{msgRe(`已有一份待审批的更正申请，请等待党支部处理或撤回后再提交`), "A correction request is already waiting: wait for the branch's decision, or withdraw it first."},
	{msgRe(`该更正申请已处理，不能重复处理`), "This request has already been decided."},
	{msgRe(`不能审批本人的更正申请`), "You cannot decide on your own correction request."},
	// the web layer's own
	// organizational life
	{msgRe(`请填写会议主题`), "Enter the topic."},
	{msgRe(`会议主题不能超过200个字`), "The topic may have at most 200 characters."},
	{msgRe(`请填写会议时间`), "Enter when the meeting was held."},
	{msgRe(`会议时间不能晚于明天`), "The meeting cannot be later than tomorrow."},
	{msgRe(`会议时间不合理`), "The time is not plausible."},
	{msgRe(`时间格式应为 YYYY-MM-DD HH:MM`), "Enter a time as YYYY-MM-DD HH:MM."},
	{msgRe(`会议类型无效`), "Choose a valid kind of meeting."},
	{msgRe(`请假须填写事由`), "Leave needs a reason."},
	{msgRe(`请填写原因`), "Give the reason."},
	{msgRe(`原因不能超过200个字`), "The reason may have at most 200 characters."},
	{msgRe(`结束时间须晚于开始时间`), "The end must be after the start."},
	{msgRe(`请选择谈话人`), "Choose who talked."},
	{msgRe(`请选择谈话对象`), "Choose the partner."},
	{msgRe(`谈话双方不能是同一人`), "The two must be different people."},
	{msgRe(`请填写谈话日期`), "Enter the date."},
	{msgRe(`谈话日期不能晚于今天`), "The date cannot be in the future."},
	{msgRe(`该党员不是本支部的在册党员`), "Not an active member of this branch."},
	{msgRe(`请填写数值`), "Enter a number."},
	{msgRe(`请填写大于0且不超过100的百分比`), "Enter a percentage above 0 and at most 100."},
	{msgRe(`比例须大于0且不超过1`), "The share must be above 0 and at most 1."},
	{msgRe(`请填写0到1之间的比例，如 0.5`), "Enter a share between 0 and 1, such as 0.5."},
	{msgRe(`次数须为正整数`), "Enter a positive whole number."},
	{msgRe(`正式党员 (\d+) 人（≥(\d+)），应设支部委员会而未设立`), "%s full members (≥ %s): the branch should have a committee but has none."},
	{msgRe(`正式党员 (\d+) 人，不足 (\d+) 人，不设支部委员会，无须召开支委会`), "%s full members, fewer than %s: no committee, so no committee meetings are owed."},
	{msgRe(`谈心谈话覆盖按党支部统计`), "Talk coverage is counted per branch."},
	{msgRe(`日期格式应为 YYYY-MM-DD`), "Enter a date as YYYY-MM-DD."},
	{msgRe(`请填写整数`), "Enter a whole number."},
	{msgRe(`请选择角色`), "Choose a role."},
	{msgRe(`请选择组织`), "Choose an organization."},
}

// coreCatalog holds the texts of the foundation, the roster and
// organizational life.
var coreCatalog = map[string][2]string{
	"app.name":                       {"党建工作平台", "Party Building Platform"},
	"a11y.skip":                      {"跳到主要内容", "Skip to main content"},
	"nav.toggle":                     {"菜单与组织树", "Menu and organizations"},
	"nav.label":                      {"主导航", "Main navigation"},
	"nav.home":                       {"首页", "Home"},
	"nav.me":                         {"我的档案", "My record"},
	"nav.orgs":                       {"组织", "Organizations"},
	"nav.members":                    {"党员", "Members"},
	"nav.users":                      {"用户", "Users"},
	"nav.audit":                      {"审计", "Audit"},
	"crumbs.label":                   {"组织路径", "Breadcrumbs"},
	"scope.label":                    {"当前范围", "Scope"},
	"scope.title":                    {"查看本范围的党组织", "Open the organization of your scope"},
	"scope.more":                     {"%s 等 %d 处", "%s and %d more"},
	"search.members":                 {"搜索党员", "Search members"},
	"search.members.place":           {"搜索党员姓名", "Search by name"},
	"search.orgs":                    {"搜索党组织", "Search organizations"},
	"search.orgs.place":              {"搜索党组织名称", "Search organizations"},
	"search.submit":                  {"搜索", "Search"},
	"lang.label":                     {"语言", "Language"},
	"menu.logout":                    {"退出登录", "Log out"},
	"print.date":                     {"打印日期：%s", "Printed: %s"},
	"label.colon":                    {"%s：", "%s: "},
	"btn.print":                      {"打印", "Print"},
	"login.title":                    {"登录", "Log in"},
	"login.username":                 {"用户名", "Username"},
	"login.password":                 {"密码", "Password"},
	"login.submit":                   {"登录", "Log in"},
	"login.bad":                      {"用户名或密码错误，请重新输入。连续输错 %d 次账号将锁定 %d 分钟。", "Wrong username or password. After %d failed attempts the account is locked for %d minutes."},
	"login.foot":                     {"仅限内部网络使用 · 请妥善保管账号密码", "For internal network use only · keep your password safe"},
	"flash.logged_out":               {"已退出登录。", "You have logged out."},
	"flash.saved":                    {"已保存。", "Saved."},
	"flash.org_created":              {"党组织已创建。", "The organization has been created."},
	"flash.moved":                    {"党组织已移动。", "The organization has been moved."},
	"flash.deleted":                  {"党组织已删除。", "The organization has been deleted."},
	"flash.committee_saved":          {"委员会已换届，上一届已存入历史。", "The new committee is recorded; the previous one is kept as history."},
	"flash.member_created":           {"党员已登记。", "The member has been added."},
	"flash.user_created":             {"用户已创建。", "The user has been created."},
	"error.404.title":                {"找不到该页面", "Page not found"},
	"error.404.text":                 {"要查看的记录不存在，或不在您的权限范围内。", "The record does not exist, or it is outside your scope."},
	"error.403.title":                {"没有权限", "Not allowed"},
	"error.403.text":                 {"您的角色不能执行此操作。如需权限，请联系系统管理员。", "Your role does not allow this. Ask the system administrator if you need it."},
	"error.500.title":                {"系统出错了", "Something went wrong"},
	"error.500.text":                 {"请求没有完成，数据未被修改。请稍后重试；如果问题持续，请联系系统管理员。", "The request did not complete and nothing was changed. Try again later; if it persists, contact the system administrator."},
	"error.other.title":              {"无法完成操作", "The request could not be completed"},
	"error.code":                     {"错误代码 %d", "Error code %d"},
	"error.home":                     {"返回首页", "Back to home"},
	"form.cancel":                    {"取消", "Cancel"},
	"form.save":                      {"保存", "Save"},
	"form.choose":                    {"请选择", "Choose…"},
	"form.fix":                       {"有 %d 处需要修改。请检查标红的字段，其余内容已保留。", "Fields to correct: %d. Check the fields marked in red; everything else you entered is kept."},
	"filter.label":                   {"筛选", "Filters"},
	"filter.all":                     {"全部", "All"},
	"filter.reset":                   {"重置", "Reset"},
	"filter.search":                  {"查询", "Search"},
	"bool.yes":                       {"是", "Yes"},
	"bool.no":                        {"否", "No"},
	"unit.people":                    {"人", ""},
	"unit.orgs":                      {"个", ""},
	"pager.label":                    {"分页", "Pages"},
	"pager.total.people":             {"共 %s 人", "%s members"},
	"pager.total.orgs":               {"共 %s 个", "%s organizations"},
	"pager.total.items":              {"共 %s 条", "%s entries"},
	"pager.range.people":             {"，第 %s–%s 人", ", showing %s–%s"},
	"pager.range.orgs":               {"，第 %s–%s 个", ", showing %s–%s"},
	"pager.range.items":              {"，第 %s–%s 条", ", showing %s–%s"},
	"pager.beyond":                   {"这一页没有记录", "There is nothing on this page"},
	"pager.first":                    {"回到第一页", "Back to the first page"},
	"pager.prev":                     {"上一页", "Previous"},
	"pager.next":                     {"下一页", "Next"},
	"pager.size":                     {"每页", "Per page"},
	"pager.apply":                    {"应用", "Apply"},
	"sev.error":                      {"不符合", "Not met"},
	"sev.warning":                    {"需关注", "Attention"},
	"sev.met":                        {"符合", "Met"},
	"rule.source":                    {"来源：", "Source: "},
	"findings.none":                  {"未发现不符合规定的情况。", "No rule is broken."},
	"home.title":                     {"工作台", "Dashboard"},
	"home.lead":                      {"%s 及下属党组织的概况", "Overview of %s and the organizations under it"},
	"home.nothing":                   {"您的账号目前没有可查看的业务数据。", "Your account has no records to show yet."},
	"home.orgs":                      {"党组织", "Organizations"},
	"home.branches":                  {"其中党支部 %s 个", "of which %s branches"},
	"home.members":                   {"党员", "Members"},
	"home.members.sub":               {"正式 %s 人 · 预备 %s 人", "%s full · %s probationary"},
	"home.leading":                   {"党员领导干部", "Leading cadres"},
	"home.affairs":                   {"党务干部", "Party-affairs cadres"},
	"home.affairs.sub":               {"专职 %s 人 · 兼职 %s 人", "%s full-time · %s part-time"},
	"home.rules":                     {"组织设置与换届", "Organization size and terms"},
	"home.issue.org.branch.min_full": {"正式党员不足 %s 人的党支部", "Branches with fewer than %s full members"},
	"home.issue.org.branch.max":      {"党员超过 %s 人的党支部", "Branches with more than %s members"},
	"home.issue.org.branch.committee_required": {"正式党员 %s 人以上未设支委会的党支部", "Branches with %s+ full members and no committee"},
	"home.issue.org.term.branch":               {"支部（总支）委员会任期已满 %s 年", "Branch committees past their %s-year term"},
	"home.issue.org.term.committee":            {"基层党委任期已满 %s 年", "Party committees past their %s-year term"},
	"home.issue.org.term.branch.due":           {"支部（总支）委员会即将换届（%s 年届期）", "Branch committees due for election (%s-year term)"},
	"home.issue.org.term.committee.due":        {"基层党委即将换届（%s 年届期）", "Party committees due for election (%s-year term)"},
	"home.attention":                           {"需要关注的党组织", "Organizations that need attention"},
	"home.attention.note":                      {"最多列出 %d 个党组织；完整情况见各党组织页面。", "At most %d organizations are listed; each organization's page has the full picture."},
	"tree.title":                               {"组织树", "Organization tree"},
	"tree.filter":                              {"查找党组织", "Find an organization"},
	"tree.filter.place":                        {"查找党组织，回车搜索全部", "Filter; Enter searches all"},
	"tree.more":                                {"还有 %d 个下级组织…", "%d more…"},
	"tree.open":                                {"查看下级组织", "Show sub-organizations"},
	"tree.count":                               {"党员人数（含下级）", "Members (whole subtree)"},
	"orgs.title":                               {"党组织", "Organizations"},
	"orgs.lead":                                {"按层级浏览，或按名称查找党组织。", "Browse the tree, or search by name."},
	"orgs.all":                                 {"全部党组织", "All organizations"},
	"orgs.q":                                   {"名称", "Name"},
	"orgs.q.place":                             {"输入党组织名称的一部分", "Part of the name"},
	"orgs.none":                                {"没有找到符合条件的党组织", "No organization matches"},
	"orgs.none.hint":                           {"请换一个名称关键词，或清除类别筛选后再试。", "Try another word from the name, or clear the kind filter."},
	"org.name":                                 {"组织名称", "Name"},
	"org.name.hint":                            {"填写全称，如“县财政局机关第一党支部”。", "The full name, e.g. “First Branch of the County Finance Bureau”."},
	"org.kind":                                 {"组织类别", "Kind"},
	"org.code":                                 {"组织编码", "Code"},
	"org.unit":                                 {"单位", "Unit"},
	"org.unit.hint":                            {"党组织所在的单位（机关部门）。", "The government department the organization belongs to."},
	"org.staff":                                {"在编人数", "Staff count"},
	"org.staff.unset":                          {"未填写（在“编辑”中填写）", "Not set (see Edit)"},
	"org.staff.hint":                           {"单位在编人员总数，用于核算专职党务干部配备比例。", "The unit's staff, for the party-affairs cadre ratio."},
	"org.path":                                 {"上级组织", "Parents"},
	"org.members":                              {"党员", "Members"},
	"org.members.subtree":                      {"党员人数（含下级）", "Members (whole subtree)"},
	"org.members.direct":                       {"直属 %s 人，其中正式党员 %s 人", "%s direct, of whom %s full members"},
	"org.children":                             {"下级组织", "Sub-organizations"},
	"org.children.none":                        {"没有下级组织。", "No sub-organizations."},
	"org.findings":                             {"规则检查", "Rule checks"},
	"org.committee":                            {"委员会", "Committee"},
	"org.roster":                               {"党员名册", "Roster"},
	"org.add_member":                           {"添加党员", "Add member"},
	"org.edit":                                 {"编辑", "Edit"},
	"org.move":                                 {"移动", "Move"},
	"org.delete.btn":                           {"删除", "Delete"},
	"org.delete.confirm":                       {"确定删除“%s”吗？此操作不能撤销。", "Delete “%s”? This cannot be undone."},
	"org.delete.refused":                       {"不能删除：", "Cannot delete:"},
	"org.new_child":                            {"新建下级组织", "New sub-organization"},
	"org.new.title":                            {"新建下级组织", "New sub-organization"},
	"org.new.lead":                             {"上级组织：%s", "Under: %s"},
	"org.new.submit":                           {"创建", "Create"},
	"org.edit.title":                           {"编辑党组织", "Edit organization"},
	"org.move.title":                           {"移动党组织", "Move organization"},
	"org.move.lead":                            {"为“%s”选择新的上级组织；其下级组织和党员随之移动。", "Choose a new parent for “%s”; its sub-organizations and members move with it."},
	"org.move.search":                          {"查找上级组织", "Find a parent"},
	"org.move.parent":                          {"新的上级组织", "New parent"},
	"org.move.more":                            {"仅列出前 200 个，请用上方查找缩小范围。", "Only the first 200 are listed; narrow them with the search above."},
	"org.move.none":                            {"没有可选的上级组织；可用上方查找，或直接填写编号。", "No parent to choose here; search above, or enter its number."},
	"org.move.by_id":                           {"或填写上级组织编号", "Or enter the parent's number"},
	"org.move.by_id.hint":                      {"编号见党组织页面地址，如 /orgs/42 中的 42。", "The number is in the organization's address, e.g. 42 in /orgs/42."},
	"org.move.submit":                          {"移动", "Move"},
	"committee.term":                           {"任期", "Term"},
	"committee.term_start":                     {"任期开始", "Term starts"},
	"committee.term_end":                       {"任期结束", "Term ends"},
	"committee.term_end.hint":                  {"党支部、党总支每届 3 年，基层党委每届 5 年。", "Branches and general branches serve 3 years; party committees 5."},
	"committee.posts":                          {"委员及职务", "Members and posts"},
	"committee.post":                           {"职务", "Post"},
	"committee.none":                           {"尚未登记委员会", "No committee recorded"},
	"committee.none.text":                      {"尚未登记委员会。换届后请在此登记委员及任期。", "No committee is recorded. After an election, record its members and term here."},
	"committee.empty":                          {"没有登记委员。", "No members recorded."},
	"committee.edit":                           {"换届 / 编辑委员会", "Record election"},
	"committee.edit.title":                     {"登记委员会", "Record the committee"},
	"committee.edit.lead":                      {"%s：保存后即为本届委员会，上一届自动存入历史。", "%s: saving records this term's committee; the previous one is kept as history."},
	"committee.history":                        {"历届委员会", "Past committees"},
	"committee.history.title":                  {"历届委员会", "Past committees"},
	"committee.current":                        {"本届", "Current"},
	"committee.past":                           {"往届", "Past"},
	"committee.none.option":                    {"（不填）", "(none)"},
	"committee.rows.hint":                      {"未选择党员的行不会保存。", "Rows without a member are not saved."},
	"committee.members.more":                   {"仅列出本组织的前 %d 名党员。", "Only the first %d members of the organization are listed."},
	"committee.add_rows":                       {"增加行", "More rows"},
	"committee.save":                           {"保存委员会", "Save committee"},
	"roster.title":                             {"党员名册", "Roster"},
	"roster.lead.all":                          {"您权限范围内的全部党员", "All members in your scope"},
	"roster.lead.org":                          {"%s 及下级组织的党员", "Members of %s and the organizations under it"},
	"roster.add":                               {"新增党员", "Add member"},
	"roster.q":                                 {"姓名", "Name"},
	"roster.q.place":                           {"输入姓名或姓氏", "Name or family name"},
	"roster.org":                               {"所在党组织", "Organization"},
	"roster.org.all":                           {"全部（我的范围）", "All (my scope)"},
	"roster.empty":                             {"这里还没有党员", "No members here yet"},
	"roster.empty.hint":                        {"可从党支部页面“添加党员”逐个登记。", "Add members one by one from a branch's page (“Add member”)."},
	"roster.empty.filtered":                    {"没有符合条件的党员", "No member matches"},
	"roster.empty.filtered.hint":               {"请放宽筛选条件，或检查姓名是否输入正确。", "Loosen the filters, or check the spelling of the name."},
	"member.name":                              {"姓名", "Name"},
	"member.gender":                            {"性别", "Gender"},
	"member.ethnicity":                         {"民族", "Ethnicity"},
	"member.ethnicity.place":                   {"如：汉族", "e.g. Han"},
	"member.birth_date":                        {"出生日期", "Date of birth"},
	"member.id_number":                         {"公民身份号码", "Citizen ID number"},
	"member.id_number.hint":                    {"18 位，须与出生日期、性别一致。", "18 characters; must agree with the date of birth and gender."},
	"member.keep":                              {"当前：%s。留空表示不修改。", "Now: %s. Leave blank to keep it."},
	"member.education":                         {"学历", "Education"},
	"member.phone":                             {"联系电话", "Phone"},
	"member.org":                               {"所在党组织", "Branch"},
	"member.group":                             {"党小组", "Party group"},
	"member.group.none":                        {"（不编入党小组）", "(no group)"},
	"member.status":                            {"党员状态", "Status"},
	"member.joined_on":                         {"入党日期", "Joined on"},
	"member.joined_on.hint":                    {"以党组织批准为预备党员的日期为准。", "The date the branch accepted the member as probationary."},
	"member.confirmed_on":                      {"转正日期", "Confirmed on"},
	"member.confirmed_on.hint":                 {"预备党员不填。", "Leave blank for a probationary member."},
	"member.leading_cadre":                     {"是否党员领导干部", "Leading cadre"},
	"member.leading_cadre.short":               {"领导干部", "Leading cadre"},
	"member.party_affairs":                     {"党务干部", "Party-affairs cadre"},
	"member.position":                          {"工作岗位", "Position"},
	"member.section.person":                    {"基本信息", "Personal details"},
	"member.section.org":                       {"组织关系", "Organization"},
	"member.section.party":                     {"党籍信息", "Party membership"},
	"member.section.work":                      {"岗位与干部信息", "Position and cadre roles"},
	"member.move_reason":                       {"转接原因", "Reason for transfer"},
	"member.move_reason.hint":                  {"更换所在党支部时填写，记入组织关系历史。", "When the branch changes: recorded in the history."},
	"member.moved_on":                          {"转接日期", "Transfer date"},
	"member.moves":                             {"组织关系历史", "Organizational history"},
	"member.moves.from":                        {"转出组织", "From"},
	"member.moves.to":                          {"转入组织", "To"},
	"member.moves.none":                        {"没有组织关系变动记录。", "No transfers recorded."},
	"member.posts":                             {"担任职务", "Committee posts"},
	"member.posts.none":                        {"未在委员会任职。", "Holds no committee post."},
	"member.reveal.btn":                        {"显示", "Show"},
	"member.revealed":                          {"已显示，本次查看已记录", "Shown; this view is logged"},
	"member.inactive":                          {"已停用", "Inactive"},
	"member.edit":                              {"编辑", "Edit"},
	"member.edit.title":                        {"编辑党员信息", "Edit member"},
	"member.new.title":                         {"新增党员", "New member"},
	"member.new.lead":                          {"带 * 的为必填项。公民身份号码将校验校验位，并与出生日期、性别核对。", "Fields marked * are required. The citizen ID number is checked, and compared with the date of birth and gender."},
	"member.new.submit":                        {"登记", "Add member"},
	"member.branch_search":                     {"查找党支部", "Find a branch"},
	"member.branch_more":                       {"仅列出前 500 个党支部，请用查找缩小范围。", "Only the first 500 branches are listed; narrow them with the search."},
	"users.title":                              {"用户", "Users"},
	"users.lead":                               {"账号与角色。角色授予在某个党组织上，覆盖其全部下级组织。", "Accounts and roles. A role is held on an organization and covers everything under it."},
	"user.username":                            {"用户名", "Username"},
	"user.username.hint":                       {"3–32 位字母、数字、下划线、短横线或点。", "3–32 letters, digits, '_', '-' or '.'."},
	"user.password.label":                      {"初始密码", "Initial password"},
	"user.password.hint":                       {"至少 10 位，包含小写字母、大写字母、数字、符号中的至少三类。", "At least 10 characters with three of: lower case, upper case, digits, symbols."},
	"user.role":                                {"角色", "Role"},
	"user.roles":                               {"角色", "Roles"},
	"user.org":                                 {"授权范围（党组织）", "Scope (organization)"},
	"user.org.hint":                            {"角色对该党组织及其全部下级组织有效。", "The role covers this organization and everything under it."},
	"user.member":                              {"关联党员编号", "Linked member number"},
	"user.member.hint":                         {"可选。关联后该用户可查看本人档案。", "Optional: lets the user see their own record."},
	"user.state":                               {"状态", "State"},
	"user.active":                              {"正常", "Active"},
	"user.disabled":                            {"已停用", "Disabled"},
	"user.locked":                              {"锁定至 %s", "Locked until %s"},
	"user.created":                             {"创建时间", "Created"},
	"user.new.title":                           {"新建用户", "New user"},
	"user.new.lead":                            {"系统管理员、安全管理员、审计管理员须由不同账号担任。", "The system, security and audit administrators must be different accounts."},
	"user.new.submit":                          {"创建用户", "Create user"},
	"user.org_search":                          {"查找党组织", "Find an organization"},
	"user.org_more":                            {"仅列出前 500 个党组织，请用查找缩小范围。", "Only the first 500 organizations are listed; narrow them with the search."},
	"audit.title":                              {"审计日志", "Audit trail"},
	"audit.lead":                               {"所有写操作和登录记录，按时间倒序；记录不可修改。", "Every change and login, newest first; entries cannot be altered."},
	"audit.action":                             {"操作", "Action"},
	"audit.entity":                             {"对象", "Entity"},
	"audit.since":                              {"起始日期", "Since"},
	"audit.at":                                 {"时间", "Time"},
	"audit.actor":                              {"操作人", "Actor"},
	"audit.org":                                {"党组织", "Organization"},
	"audit.ip":                                 {"IP 地址", "IP address"},
	"audit.changes":                            {"变更内容", "Changes"},
	"audit.none":                               {"没有符合条件的审计记录", "No entries match"},
	"audit.none.hint":                          {"请调整操作、对象或起始日期。", "Change the action, entity or date."},
	"kind.working_committee":                   {"机关工委", "Working committee"},
	"kind.leading_group":                       {"党组", "Leading party group"},
	"kind.party_committee":                     {"机关党委", "Organ party committee"},
	"kind.general_branch":                      {"党总支", "General branch"},
	"kind.branch":                              {"党支部", "Branch"},
	"kind.group":                               {"党小组", "Party group"},
	"post.secretary":                           {"书记", "Secretary"},
	"post.deputy_secretary":                    {"副书记", "Deputy secretary"},
	"post.organization":                        {"组织委员", "Organization member"},
	"post.publicity":                           {"宣传委员", "Publicity member"},
	"post.discipline":                          {"纪检委员", "Discipline member"},
	"post.member":                              {"委员", "Member"},
	"role.committee_admin":                     {"工委管理员", "Committee administrator"},
	"role.org_admin":                           {"党组织管理员", "Organization administrator"},
	"role.member":                              {"党员", "Member"},
	"role.viewer":                              {"查看者", "Viewer"},
	"role.personnel":                           {"人事部门", "Personnel department"},
	"role.sysadmin":                            {"系统管理员", "System administrator"},
	"role.secadmin":                            {"安全管理员", "Security administrator"},
	"role.auditor":                             {"审计管理员", "Audit administrator"},
	"status.full":                              {"正式党员", "Full member"},
	"status.probationary":                      {"预备党员", "Probationary member"},
	"gender.male":                              {"男", "Male"},
	"gender.female":                            {"女", "Female"},
	"affairs.none":                             {"否", "No"},
	"affairs.full_time":                        {"专职", "Full-time"},
	"affairs.part_time":                        {"兼职", "Part-time"},
	"edu.研究生":                                  {"研究生", "Postgraduate"},
	"edu.大学本科":                                 {"大学本科", "Bachelor's degree"},
	"edu.大学专科":                                 {"大学专科", "College diploma"},
	"edu.中专":                                   {"中专", "Secondary vocational"},
	"edu.高中":                                   {"高中", "High school"},
	"edu.初中及以下":                                {"初中及以下", "Junior high or below"},
	"eth.汉族":                                   {"汉族", "Han"},
	"eth.回族":                                   {"回族", "Hui"},
	"eth.满族":                                   {"满族", "Manchu"},
	"eth.蒙古族":                                  {"蒙古族", "Mongol"},
	"eth.壮族":                                   {"壮族", "Zhuang"},
	"eth.藏族":                                   {"藏族", "Tibetan"},
	"eth.维吾尔族":                                 {"维吾尔族", "Uyghur"},
	"eth.苗族":                                   {"苗族", "Miao"},
	"eth.彝族":                                   {"彝族", "Yi"},
	"eth.土家族":                                  {"土家族", "Tujia"},
	"eth.朝鲜族":                                  {"朝鲜族", "Korean"},
	"eth.侗族":                                   {"侗族", "Dong"},
	"eth.瑶族":                                   {"瑶族", "Yao"},
	"eth.白族":                                   {"白族", "Bai"},
	"action.user.login":                        {"登录", "Logged in"},
	"action.user.login_failed":                 {"登录失败", "Failed login"},
	"action.user.logout":                       {"退出登录", "Logged out"},
	"action.user.create":                       {"新建用户", "User created"},
	"action.user.password":                     {"修改密码", "Password changed"},
	"action.org.create":                        {"新建党组织", "Organization created"},
	"action.org.update":                        {"修改党组织", "Organization changed"},
	"action.org.delete":                        {"删除党组织", "Organization deleted"},
	"action.committee.replace":                 {"委员会换届", "Committee recorded"},
	"action.member.create":                     {"新增党员", "Member added"},
	"action.member.update":                     {"修改党员信息", "Member changed"},
	"action.member.reveal":                     {"查看敏感信息", "Sensitive data shown"},
	"entity.user":                              {"用户", "User"},
	"entity.org":                               {"党组织", "Organization"},
	"entity.committee":                         {"委员会", "Committee"},
	"entity.member":                            {"党员", "Member"},
	// roster in and out: import and export
	"nav.import":                {"批量导入", "Import"},
	"flash.imported":            {"导入完成。", "The import is done."},
	"roster.import":             {"导入", "Import"},
	"roster.export_clear":       {"导出（含完整号码）", "Export with full numbers"},
	"roster.export_clear.title": {"导出含完整公民身份号码和联系电话的名册，修改后可重新导入；导出记入审计日志。", "The roster with full ID and phone numbers, to edit and import again; the export is logged."},
	"btn.export_xlsx":           {"导出 Excel", "Export Excel"},
	"btn.export_csv":            {"导出 CSV", "Export CSV"},
	"import.title":              {"批量导入党员", "Import members"},
	"import.lead":               {"从 Excel 或 CSV 名册导入党员：按公民身份号码识别，已登记的更新，未登记的新增。", "Import members from an Excel or CSV roster: they are matched by citizen ID number; registered members are updated, the others added."},
	"import.step.upload":        {"上传文件", "Upload"},
	"import.step.preview":       {"预览核对", "Preview"},
	"import.step.confirm":       {"确认导入", "Confirm"},
	"import.file":               {"名册文件", "Roster file"},
	"import.file.hint":          {"选择 .xlsx 或 .csv 文件。", "Choose an .xlsx or .csv file."},
	"import.submit":             {"上传并预览", "Upload and preview"},
	"import.template":           {"下载导入模板", "Download the template"},
	"import.template.hint":      {"模板第一张表是表头和一行示例（导入前请删除示例行），“填写说明”表列出每一列的要求和可选值。", "The template's first sheet holds the headers and an example row (delete it before importing); its instructions sheet lists each column's rules and allowed values."},
	"import.limits":             {"文件不超过 %s，最多 %s 行，.xlsx 解压后不超过 %s；支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码）。", "Up to %s and %s rows, and %s once an .xlsx is unzipped; .xlsx or .csv (UTF-8 or GB18030)."},
	"import.rules":              {"导入规则", "Rules"},
	"import.rule.org":           {"“所在党组织”填写从顶层组织开始、用“/”分隔的完整路径，或组织编码；对应多个组织时报错，不会猜测。", "The organization column takes the full path from the top, separated by “/”, or the organization's code; a name that fits several organizations is an error, never a guess."},
	"import.rule.all":           {"全部或全不：任何一行有错都不写入数据；可下载带“错误说明”列的文件，改正后重新上传。", "All or nothing: if any row is wrong nothing is written; download the file with a column of errors added, correct it and upload it again."},
	"import.rule.keep":          {"上传的文件加密保存 1 小时，等待您确认。", "The upload is kept, encrypted, for one hour until you confirm it."},
	"import.refused":            {"文件未能通过检查，请改正后重新上传：", "The file was refused; correct it and upload it again:"},
	"import.preview.title":      {"导入预览", "Import preview"},
	"import.preview.lead":       {"文件“%s”，共 %s 行数据，保留至 %s。", "File “%s”, %s data rows, kept until %s."},
	"import.added":              {"将新增", "To add"},
	"import.updated":            {"将更新", "To update"},
	"import.unchanged":          {"无变化", "Unchanged"},
	"import.errors":             {"错误", "Errors"},
	"import.errors.title":       {"发现 %s 处错误，不能导入", "%s errors: nothing can be imported"},
	"import.errors.hint":        {"请下载错误报告（原文件加“错误说明”列，出错的单元格标红），改正后重新上传。", "Download the error report (your file with a column of errors added and the wrong cells in red), correct it and upload it again."},
	"import.errors.download":    {"下载错误报告", "Download the error report"},
	"import.errors.more":        {"另有 %s 处错误未在此列出，见错误报告。", "%s more errors are not listed here; see the error report."},
	"import.row":                {"行号", "Row"},
	"import.column":             {"列", "Column"},
	"import.message":            {"错误说明", "Problem"},
	"import.ready":              {"检查通过。确认后将在一个事务中全部写入，并记入审计日志。", "Every row passed the checks. Confirming writes them all in one transaction, logged in the audit trail."},
	"import.nothing":            {"文件与名册一致，没有需要写入的变更。", "The file matches the roster: there is nothing to change."},
	"import.confirm":            {"确认导入", "Import"},
	"import.again":              {"重新上传", "Upload another file"},
	"import.done":               {"已导入：新增 %s 人，更新 %s 人，无变化 %s 人。", "Imported: %s added, %s updated, %s unchanged."},
	"import.to_roster":          {"查看党员名册", "Open the roster"},
	"unit.errors":               {"处", ""},
	"action.member.import":      {"批量导入党员", "Members imported"},
	"action.member.export":      {"导出党员名册", "Roster exported"},
	"action.user.export":        {"导出用户", "Users exported"},
	"action.audit.export":       {"导出审计日志", "Audit trail exported"},
	"entity.audit":              {"审计日志", "Audit trail"},
	// member self-service: own record and correction requests
	"nav.corrections":                 {"更正申请", "Corrections"},
	"nav.count.title":                 {"待处理", "Waiting for you"},
	"list.sep":                        {"、", ", "},
	"flash.correction_submitted":      {"更正申请已提交，请等待党支部审批。", "Your correction request is submitted; the branch will decide on it."},
	"flash.correction_approved":       {"已批准，党员信息已更正。", "Approved; the record is corrected."},
	"flash.correction_rejected":       {"已退回，理由已告知党员。", "Returned; the member sees the reason."},
	"flash.correction_withdrawn":      {"更正申请已撤回。", "The correction request is withdrawn."},
	"me.title":                        {"我的档案", "My record"},
	"me.reveal":                       {"显示完整的身份证号和电话", "Show my full ID and phone numbers"},
	"me.correction.new":               {"申请更正", "Ask for a correction"},
	"me.correction.open":              {"查看待审批的申请", "See my pending request"},
	"me.correction.pending":           {"您于 %s 提交的更正申请正在等待党支部审批。", "Your correction request of %s is waiting for the branch."},
	"me.correction.view":              {"查看", "View"},
	"me.corrections":                  {"我的更正申请", "My correction requests"},
	"correction.status":               {"状态", "Status"},
	"correction.status.pending":       {"待审批", "Pending"},
	"correction.status.approved":      {"已批准", "Approved"},
	"correction.status.rejected":      {"已退回", "Returned"},
	"correction.status.withdrawn":     {"已撤回", "Withdrawn"},
	"correction.new.title":            {"申请更正个人信息", "Ask for a correction"},
	"correction.new.lead":             {"请修改有误的项目并说明理由；党支部审批后才会更正。身份证号、电话留空表示不修改。", "Change what is wrong and say why; the branch approves before the record changes. Leave the ID and phone numbers blank to keep them."},
	"correction.new.submit":           {"提交申请", "Submit request"},
	"correction.section.reason":       {"更正理由", "Reason"},
	"correction.reason":               {"更正理由", "Reason"},
	"correction.reason.hint":          {"如：身份证号登记时抄错，附身份证复印件。", "For example: the ID number was copied wrongly; a copy of the ID card is attached."},
	"correction.list.title":           {"更正申请", "Correction requests"},
	"correction.list.lead":            {"党员提出的个人信息更正申请，由所在党支部及上级党组织审批。", "Members' requests to correct their records, decided by their branch or the organizations above it."},
	"correction.fields":               {"更正项目", "Fields"},
	"correction.submitted":            {"提交时间", "Submitted"},
	"correction.submitted_at":         {"提交于 %s", "Submitted %s"},
	"correction.open":                 {"查看", "Open"},
	"correction.none":                 {"没有符合条件的更正申请", "No requests match"},
	"correction.none.pending":         {"没有待审批的更正申请", "No requests are waiting"},
	"correction.none.hint":            {"党员在“我的档案”中提交申请后会出现在这里。", "Requests appear here when members submit them from “My record”."},
	"correction.show.title":           {"%s 的更正申请", "Correction request of %s"},
	"correction.changes":              {"更正内容", "Changes"},
	"correction.field":                {"项目", "Field"},
	"correction.old":                  {"原登记", "Recorded"},
	"correction.new":                  {"申请更正为", "Asked for"},
	"correction.decided":              {"处理时间", "Decided"},
	"correction.decision_reason":      {"审批意见", "Decision note"},
	"correction.decision_reason.hint": {"退回时必填，党员可以看到。", "Required to return the request; the member sees it."},
	"correction.decide":               {"审批", "Decide"},
	"correction.decide.lead":          {"批准后立即按申请更正党员信息并记入审计日志；退回须填写理由。", "Approving corrects the record at once and is logged; returning needs a reason."},
	"correction.approve.btn":          {"批准", "Approve"},
	"correction.reject.btn":           {"退回", "Return"},
	"correction.withdraw.btn":         {"撤回申请", "Withdraw"},
	"correction.withdraw.confirm":     {"确定撤回这份更正申请吗？", "Withdraw this correction request?"},
	"action.correction.create":        {"提交更正申请", "Correction requested"},
	"action.correction.approve":       {"批准更正申请", "Correction approved"},
	"action.correction.reject":        {"退回更正申请", "Correction returned"},
	"action.correction.withdraw":      {"撤回更正申请", "Correction withdrawn"},
	"entity.correction":               {"更正申请", "Correction request"},
	// organizational life: meetings, the year's grid, talks, rules
	"nav.orglife":                   {"组织生活", "Organizational life"},
	"nav.rules":                     {"规则", "Rules"},
	"flash.meeting_recorded":        {"会议已记录。", "The meeting is recorded."},
	"flash.meeting_corrected":       {"会议记录已更正，原记录已留存。", "The record is corrected; the earlier version is kept."},
	"flash.meeting_deleted":         {"会议记录已撤销，不再计入。", "The record is withdrawn and no longer counts."},
	"flash.meeting_separate":        {"已确认单独召开，该会议计入组织生活。", "Confirmed as held separately; the meeting now counts."},
	"flash.rule_overridden":         {"规则已按本地配置修改。", "The rule's local value is set."},
	"flash.rule_cleared":            {"已恢复规则的默认值。", "The rule is back to its default."},
	"flash.talk_recorded":           {"谈心谈话已记录。", "The talk is recorded."},
	"mkind.assembly":                {"党员大会", "Party assembly"},
	"mkind.committee":               {"支委会会议", "Committee meeting"},
	"mkind.group":                   {"党小组会", "Group meeting"},
	"mkind.lecture":                 {"党课", "Party lecture"},
	"mkind.theme_day":               {"主题党日", "Theme party day"},
	"mkind.life_meeting":            {"组织生活会", "Organizational life meeting"},
	"mkind.democratic_life_meeting": {"民主生活会", "Democratic life meeting"},
	"mkind.other":                   {"其他", "Other"},
	"attend.present":                {"出席", "Present"},
	"attend.absent":                 {"缺席", "Absent"},
	"attend.leave":                  {"请假", "On leave"},
	"period.month":                  {"每月", "Monthly"},
	"period.quarter":                {"每季度", "Quarterly"},
	"period.year":                   {"每年", "Yearly"},
	"runit.fen":                     {"分", "fen"},
	"runit.hour":                    {"学时", "hours"},
	"runit.month":                   {"个月", "months"},
	"runit.working_day":             {"个工作日", "working days"},
	"runit.year":                    {"年", "years"},
	"confidence.H":                  {"高", "High"},
	"confidence.M":                  {"中", "Medium"},
	"confidence.L":                  {"低", "Low"},
	"confidence.-":                  {"—", "—"},
	"cstatus.met":                   {"已完成", "Met"},
	"cstatus.missing":               {"缺失", "Missing"},
	"cstatus.upcoming":              {"待完成", "Due"},
	"cstatus.not_applicable":        {"不适用", "Not applicable"},
	"cstatus.met.short":             {"✓ 完成", "✓ met"},
	"cstatus.missing.short":         {"✗ 缺", "✗ missing"},
	"cstatus.upcoming.short":        {"… 待办", "… due"},
	"meeting.list.title":            {"%s · 会议记录", "%s · meetings"},
	"meeting.list.crumb":            {"会议记录", "Meetings"},
	"meeting.list.lead":             {"本组织及下级组织的三会一课等组织生活记录，按时间倒序。", "Records of organizational life in this organization and those below it, newest first."},
	"meeting.new.title":             {"记录会议", "Record a meeting"},
	"meeting.new.lead":              {"为 %s 记录一次组织生活：先选会议类型，出席名单按类型预填。", "Record organizational life of %s: choose the kind first; the attendance list follows it."},
	"meeting.new.submit":            {"保存会议记录", "Save the record"},
	"meeting.edit.title":            {"更正会议记录", "Correct the record"},
	"meeting.edit.lead":             {"更正须说明原因；原记录留存，更正记入审计日志。", "A correction needs a reason; the earlier version is kept and the change is logged."},
	"meeting.edit.submit":           {"保存更正", "Save the correction"},
	"meeting.kind":                  {"会议类型", "Kind"},
	"meeting.held_at":               {"会议时间", "Held at"},
	"meeting.held_at.hint":          {"北京时间。", "China Standard Time."},
	"meeting.cst":                   {"（北京时间）", "(China Standard Time)"},
	"meeting.topic":                 {"会议主题", "Topic"},
	"meeting.location":              {"会议地点", "Place"},
	"meeting.host":                  {"主持人", "Host"},
	"meeting.lecturer":              {"授课人", "Lecturer"},
	"meeting.nobody":                {"（未选择）", "(none)"},
	"meeting.agenda":                {"会议议程", "Agenda"},
	"meeting.minutes":               {"会议记录", "Minutes"},
	"meeting.decisions":             {"会议决定", "Decisions"},
	"meeting.merged":                {"与行政会议合并召开", "Merged into an administrative meeting"},
	"meeting.merged.hint":           {"合并召开的会议记录在案，但不计入组织生活。", "A merged meeting is recorded but does not count as organizational life."},
	"meeting.org":                   {"党组织", "Organization"},
	"meeting.from":                  {"开始日期", "From"},
	"meeting.to":                    {"结束日期", "To"},
	"meeting.attendance":            {"出席情况", "Attendance"},
	"meeting.attendance.hint":       {"请假须填写事由。", "Leave needs a reason."},
	"meeting.attendance.none":       {"该类会议没有预设的应到人员。", "No one is due at this kind of meeting by default."},
	"meeting.member":                {"党员", "Member"},
	"meeting.attend":                {"出席", "Attendance"},
	"meeting.attend.reason":         {"事由", "Reason"},
	"meeting.quorum":                {"法定人数", "Quorum"},
	"meeting.quorum.met":            {"达到法定人数", "Quorum met"},
	"meeting.quorum.below":          {"未达法定人数", "Below quorum"},
	"meeting.quorum.none":           {"无人数要求", "No quorum"},
	"meeting.quorum.none.text":      {"该类会议没有法定人数要求。", "This kind of meeting has no quorum."},
	"meeting.quorum.title":          {"须到 %d 人，实到 %d 人", "%d needed, %d present"},
	"meeting.quorum.need":           {"须到 %d 人，计入 %d 人", "%d needed, %d counted"},
	"meeting.due_present":           {"应到 %d 人，实到 %d 人", "%d due, %d present"},
	"meeting.leave_n":               {"请假 %d 人", "%d on leave"},
	"meeting.absent_n":              {"缺席 %d 人", "%d absent"},
	"meeting.counted":               {"是否计入", "Counts"},
	"meeting.counted.yes":           {"计入", "Counts"},
	"meeting.not_counted":           {"不计入", "Does not count"},
	"meeting.not_counted.merged":    {"不计入：与行政会议合并", "Not counted: merged"},
	"meeting.not_counted.quorum":    {"不计入：未达法定人数", "Not counted: below quorum"},
	"meeting.not_counted.suspected": {"暂不计入：疑似合并", "Not counted: suspected merged"},
	"meeting.imported":              {"导入", "Imported"},
	"meeting.deleted":               {"已撤销", "Withdrawn"},
	"meeting.deleted.text":          {"该记录已撤销，不再计入。原因：%s", "This record is withdrawn and no longer counts. Reason: %s"},
	"meeting.suspected.text":        {"该会议与本单位登记的行政会议时间重叠，疑似合并召开，确认单独召开前不计入。", "This meeting overlaps an administrative meeting of the unit and is suspected of being merged; it does not count until confirmed as held separately."},
	"meeting.separate.reason":       {"单独召开的说明", "How it was held separately"},
	"meeting.separate.btn":          {"确认单独召开", "Confirm it was separate"},
	"meeting.separate.done":         {"已确认单独召开：%s", "Confirmed as held separately: %s"},
	"meeting.section.record":        {"基本情况", "Record"},
	"meeting.revisions":             {"更正记录", "Corrections"},
	"meeting.revisions.none":        {"没有更正记录。", "No corrections."},
	"meeting.rev.at":                {"更正时间", "When"},
	"meeting.rev.by":                {"更正人", "By"},
	"meeting.rev.reason":            {"原因", "Reason"},
	"meeting.rev.old":               {"更正前", "Before"},
	"meeting.correct.reason":        {"更正原因", "Reason for the correction"},
	"meeting.correct.reason.hint":   {"如：会议时间登记错误。", "For example: the time was entered wrongly."},
	"meeting.delete.title":          {"撤销记录", "Withdraw the record"},
	"meeting.delete.lead":           {"撤销后记录留存但不再列出和计入，须说明原因。", "A withdrawn record is kept but no longer listed or counted; give the reason."},
	"meeting.delete.reason":         {"撤销原因", "Reason"},
	"meeting.delete.btn":            {"撤销记录", "Withdraw"},
	"meeting.empty":                 {"还没有会议记录。", "No meetings are recorded yet."},
	"meeting.empty.filtered":        {"没有符合条件的会议。", "No meetings match."},
	"compliance.title":              {"%s · %d 年组织生活", "%s · organizational life in %d"},
	"compliance.crumb":              {"组织生活日历", "Year calendar"},
	"compliance.link":               {"年度日历", "Year calendar"},
	"compliance.lead":               {"每行一项规则，每列一个月；季度、年度规则跨越所属月份。点击格子查看该期间的会议。", "One rule per row, one month per column; quarterly and yearly rules span their months. A cell opens the meetings of its period."},
	"compliance.prev_year":          {"上一年", "Previous year"},
	"compliance.next_year":          {"下一年", "Next year"},
	"compliance.rate":               {"完成率", "Compliance rate"},
	"compliance.rate.hint":          {"已结束期间中按要求完成的比例。", "Share of the periods already over that were met."},
	"compliance.rule":               {"规则", "Rule"},
	"compliance.month":              {"%d月", "M%d"},
	"compliance.counted":            {"计入 %d 次，应 %d 次", "%d counted of %d owed"},
	"compliance.legend":             {"格中数字为计入次数/应开次数。", "Numbers are meetings counted / owed."},
	"compliance.none":               {"该组织没有须按期召开的会议。", "This organization owes no periodic meetings."},
	"rollup.title":                  {"%s · %d 年组织生活汇总", "%s · compliance roll-up %d"},
	"rollup.crumb":                  {"下级汇总", "Roll-up"},
	"rollup.lead":                   {"本组织及所有下级组织的完成率和缺失项，点击组织名查看其年度日历。", "The rate and what is missing for every organization in this subtree; a name opens its year calendar."},
	"rollup.year":                   {"年度", "Year"},
	"rollup.sort":                   {"排序", "Sort"},
	"rollup.sort.rate":              {"完成率从低到高", "Lowest rate first"},
	"rollup.sort.missing":           {"缺失项从多到少", "Most missing first"},
	"rollup.sort.name":              {"组织名称", "Name"},
	"rollup.missing":                {"缺失", "Missing"},
	"rollup.what":                   {"缺失项（规则 期间）", "What is missing (rule, period)"},
	"rollup.none":                   {"没有须统计的组织。", "No organizations owe meetings here."},
	"ledger.title":                  {"%s · %d 年三会一课台账", "%s · meetings ledger %d"},
	"ledger.crumb":                  {"三会一课台账", "Ledger"},
	"ledger.link":                   {"台账", "Ledger"},
	"ledger.lead":                   {"按会议类型分节，每次会议一行，可直接打印归档。", "One section per kind of meeting and one row per meeting, ready to print and file."},
	"ledger.no":                     {"序号", "No."},
	"ledger.date":                   {"时间", "Date"},
	"ledger.due":                    {"应到", "Due"},
	"ledger.present":                {"实到", "Present"},
	"ledger.leave":                  {"请假", "Leave"},
	"ledger.empty":                  {"本年度无记录", "No records this year"},
	"talk.new.title":                {"记录谈心谈话", "Record a talk"},
	"talk.new.lead":                 {"%s：登记一次谈心谈话。", "%s: record a heart-to-heart talk."},
	"talk.new.submit":               {"保存", "Save"},
	"talk.a":                        {"谈话人", "Talker"},
	"talk.b":                        {"谈话对象", "Partner"},
	"talk.held_on":                  {"谈话日期", "Date"},
	"talk.topic":                    {"谈话主题", "Topic"},
	"talk.coverage.title":           {"%s · %d 年谈心谈话", "%s · talks in %d"},
	"talk.coverage.crumb":           {"谈心谈话", "Talks"},
	"talk.coverage.lead":            {"支委之间、支委与每名党员之间每年至少谈心谈话一次。", "Every two committee members, and each committee member with every member, talk at least once a year."},
	"talk.coverage.rate":            {"覆盖率", "Coverage"},
	"talk.coverage.done":            {"已谈 %d 对，应谈 %d 对", "%d of %d pairs done"},
	"talk.coverage.missing":         {"尚未谈话", "Still missing"},
	"talk.coverage.all":             {"应谈的都已谈过。", "Every pair has talked."},
	"talk.coverage.none":            {"未设支部委员会，没有应谈的对象。", "No committee is recorded, so no talks are owed."},
	"rules.title":                   {"规则表", "Rule table"},
	"rules.lead":                    {"系统据以判断应开会议和法定人数的规则（版本 %s）。可配置的规则可由机关工委管理员按本地要求修改。", "The rules the system applies to what is owed and to quorums (version %s). The root committee administrator may set local values for the configurable ones."},
	"rules.id":                      {"编号", "Id"},
	"rules.text":                    {"内容", "Rule"},
	"rules.kinds":                   {"适用组织", "Applies to"},
	"rules.period":                  {"周期", "Period"},
	"rules.count":                   {"次数", "Count"},
	"rules.value":                   {"数值", "Value"},
	"rules.count_value":             {"次数/数值", "Count / value"},
	"rules.source":                  {"依据", "Source"},
	"rules.confidence":              {"可信度", "Confidence"},
	"rules.configurable":            {"可配置", "Configurable"},
	"rules.default":                 {"默认：", "default: "},
	"rules.overridden":              {"本地配置", "Local value"},
	"rules.override":                {"修改", "Set"},
	"rules.clear":                   {"恢复默认", "Back to default"},

	// dual organizational life (orglife.dual_life)
	"nav.duallife":                   {"双重组织生活", "Dual organizational life"},
	"flash.duallife_set":             {"已按本地设置修改最低参加比例。", "The local minimum share is set."},
	"flash.duallife_cleared":         {"已恢复平台默认的最低参加比例。", "The minimum share is back to the platform default."},
	"duallife.title":                 {"%s · %d 年双重组织生活", "%s · dual organizational life %d"},
	"duallife.crumb":                 {"双重组织生活", "Dual organizational life"},
	"duallife.lead":                  {"本组织及下级组织中每名党员领导干部：所在支部（党小组）本年度计入的组织生活次数、本人参加次数，是否参加支部组织生活会和领导班子民主生活会。未达标的排在前面。", "Every leading cadre in this subtree: the counted meetings of their branch (group) this year, how many they attended, and whether they attended the branch's organizational life meeting and the leading group's democratic life meeting. Those short are listed first."},
	"duallife.cadres":                {"党员领导干部", "Leading cadres"},
	"duallife.short":                 {"需关注", "Short"},
	"duallife.short.hint":            {"参加比例不足，或未参加组织生活会、民主生活会。", "Below the minimum share, or absent from the life meeting or democratic life meeting."},
	"duallife.min_share":             {"最低参加比例", "Minimum share"},
	"duallife.local":                 {"本地设置", "Local setting"},
	"duallife.min_share.set":         {"由本部署设置，非法定标准；平台默认值为 %s。", "Set by this deployment; not a statutory number. The platform default is %s."},
	"duallife.min_share.default":     {"平台默认值，非法定标准；条例未规定具体比例，可由机关工委管理员修改。", "The platform default, not a statutory number: the regulations give none. The working committee's administrator may change it."},
	"duallife.setting":               {"最低参加比例设置", "Minimum share setting"},
	"duallife.setting.field":         {"最低参加比例（%）", "Minimum share (%)"},
	"duallife.setting.save":          {"保存本地设置", "Save the local setting"},
	"duallife.setting.hint":          {"适用于整个部署，修改记入审计日志。", "Applies to the whole deployment; changes are audited."},
	"duallife.setting.clear":         {"恢复默认值（%s）", "Back to the default (%s)"},
	"duallife.name":                  {"姓名", "Name"},
	"duallife.branch":                {"所在支部（党小组）", "Branch (group)"},
	"duallife.held":                  {"计入次数", "Held"},
	"duallife.attended":              {"参加次数", "Attended"},
	"duallife.share":                 {"参加比例", "Share"},
	"duallife.required":              {"应至少 %d 次", "at least %d"},
	"duallife.status":                {"参加情况", "Standing"},
	"duallife.status.met":            {"达标", "Met"},
	"duallife.status.short":          {"不足", "Short"},
	"duallife.status.not_applicable": {"不适用（未开展）", "Not applicable (none held)"},
	"duallife.life_meeting":          {"组织生活会", "Life meeting"},
	"duallife.dlm":                   {"民主生活会", "Democratic life meeting"},
	"duallife.answer.yes":            {"已参加", "Attended"},
	"duallife.answer.no":             {"未参加", "Absent"},
	"duallife.answer.none":           {"本年未召开", "None held"},
	"duallife.answer.not_due":        {"不在参会名单", "Not on its list"},
	"duallife.answer.no_group":       {"无上级党组", "No leading group"},
	"duallife.findings":              {"问题", "Findings"},
	"duallife.on_committee":          {"支委", "Committee"},
	"duallife.legend":                {"只计入符合法定人数、未与行政会议合并的会议；党员大会、党小组会、党课、主题党日、组织生活会计入，支委会仅对支委计入。", "Only meetings that count (quorum met, not merged with an administrative meeting); assemblies, group meetings, lectures, theme days and life meetings count, committee meetings only for committee members."},
	"duallife.none":                  {"该组织及下级组织中没有在册的党员领导干部。", "No active leading cadres in this subtree."},
	"duallife.link":                  {"双重组织生活", "Dual organizational life"},
}
