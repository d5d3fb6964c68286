// Command load drives a running dangjian server on the loopback with a few
// concurrent clients and prints the latency of a group of endpoints and the
// server's peak memory: -group roster (the roster, tree and search; issue
// 2) or -group orglife (the compliance roll-up, a branch's compliance and
// recording a meeting with 30 attendees, issue 4; the hours roll-up, issue
// 5). bench/roster.sh and bench/orglife.sh start the server on a generated
// database and run it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// endpoint is one thing a user does, as a request to repeat: path(i)
// gives the i-th request's path; body(i), where set, makes it a POST of
// that JSON.
type endpoint struct {
	name string
	path func(i int) string
	body func(i int) []byte
}

// result holds one endpoint's latencies.
type result struct {
	name   string
	lat    []time.Duration
	errors int
	first  error
	total  int // the total of the first answer, to show what was measured
	wall   time.Duration
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "server address (loopback only)")
	user := fs.String("user", "admin", "user to log in as")
	password := fs.String("password", os.Getenv("DANGJIAN_ADMIN_PASSWORD"), "password (env DANGJIAN_ADMIN_PASSWORD)")
	clients := fs.Int("clients", 8, "concurrent clients")
	n := fs.Int("n", 2000, "requests per endpoint")
	limit := fs.Duration("limit", time.Minute, "time per endpoint after which no more requests are sent")
	warm := fs.Int("warmup", 100, "requests per endpoint before measuring")
	pid := fs.Int("pid", 0, "server process id, to read its peak RSS from /proc")
	group := fs.String("group", "roster", "which endpoints: roster or orglife")
	year := fs.Int("year", time.Now().Year(), "the year of the orglife reports")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*base)
	if err != nil {
		return fmt.Errorf("url: %w", err)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("url %s: only a server on the loopback may be loaded", *base)
	}
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients * 2}}
	c := &client{hc: hc, base: strings.TrimSuffix(*base, "/")}
	if err := c.login(ctx, *user, *password); err != nil {
		return err
	}

	// What to ask for: branches to open and surnames to search.
	var branches struct {
		Items []branch `json:"items"`
	}
	body, err := c.get(ctx, "/api/v1/orgs?kind=branch&per_page=500")
	if err == nil {
		err = json.Unmarshal(body, &branches)
	}
	if err != nil {
		return fmt.Errorf("list branches: %w", err)
	}
	if len(branches.Items) == 0 {
		return errors.New("the database has no branches: generate one with dangjian demo")
	}
	var endpoints []endpoint
	switch *group {
	case "roster":
		endpoints = rosterEndpoints(branches.Items)
	case "orglife":
		endpoints, err = c.orglifeEndpoints(ctx, branches.Items, *year)
		if err != nil {
			return err
		}
	default:
		return fmt.Errorf("group %q: want roster or orglife", *group)
	}

	fmt.Fprintf(out, "%d clients, %d requests per endpoint (at most %s) after %d to warm up\n\n", *clients, *n, *limit, *warm)
	fmt.Fprintf(out, "%-34s %8s %8s %8s %8s %6s %8s %7s %10s\n", "endpoint", "p50", "p90", "p99", "max", "n", "req/s", "errors", "total")
	for _, e := range endpoints {
		if *warm > 0 {
			c.drive(ctx, e, *clients, *warm, *limit)
		}
		r := c.drive(ctx, e, *clients, *n, *limit)
		slices.Sort(r.lat)
		fmt.Fprintf(out, "%-34s %8s %8s %8s %8s %6d %8.0f %7d %10d\n", e.name,
			ms(pct(r.lat, 50)), ms(pct(r.lat, 90)), ms(pct(r.lat, 99)), ms(pct(r.lat, 100)),
			len(r.lat), float64(len(r.lat))/r.wall.Seconds(), r.errors, r.total)
		if r.first != nil {
			fmt.Fprintf(out, "  first error: %v\n", r.first)
		}
	}
	if *pid > 0 {
		hwm, rss, err := memory(*pid)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\nserver memory: peak RSS (VmHWM) %s, now (VmRSS) %s\n", hwm, rss)
	}
	return nil
}

// branch is a branch as the org list gives it.
type branch struct {
	ID          int64 `json:"id"`
	MemberCount int   `json:"member_count"`
}

func rosterEndpoints(branches []branch) []endpoint {
	surnames := []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "王建", "李秀", "张伟", "刘洋"}
	return []endpoint{
		{"root roster (page 1, with total)", func(i int) string { return "/api/v1/members?per_page=50" }, nil},
		{"branch roster", func(i int) string {
			return "/api/v1/members?per_page=50&org=" + strconv.FormatInt(branches[i%len(branches)].ID, 10)
		}, nil},
		{"org tree (500 per page)", func(i int) string { return "/api/v1/orgs?per_page=500" }, nil},
		{"search by name", func(i int) string {
			return "/api/v1/members?per_page=50&q=" + url.QueryEscape(surnames[i%len(surnames)])
		}, nil},
	}
}

// attendees is how many members attend each meeting the orglife group
// records (the figure).
const attendees = 30

// orglifeEndpoints are the reports of issue 4 and the meeting write. The
// meetings go to branches with at least 30 members, each with a time of
// its own so that no two collide.
func (c *client) orglifeEndpoints(ctx context.Context, branches []branch, year int) ([]endpoint, error) {
	body, err := c.get(ctx, "/api/v1/orgs/roots")
	if err != nil {
		return nil, fmt.Errorf("roots: %w", err)
	}
	var roots struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &roots); err != nil || len(roots.Items) == 0 {
		return nil, fmt.Errorf("roots: %d, %v", len(roots.Items), err)
	}
	root := roots.Items[0].ID
	type roster struct {
		org     int64
		members []int64
	}
	var big []roster
	for _, b := range branches {
		if b.MemberCount < attendees || len(big) == 50 {
			continue
		}
		body, err := c.get(ctx, fmt.Sprintf("/api/v1/orgs/%d/meeting-roster?kind=assembly", b.ID))
		if err != nil {
			return nil, err
		}
		var due struct {
			Items []struct {
				MemberID int64 `json:"member_id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &due); err != nil {
			return nil, fmt.Errorf("meeting roster: %w", err)
		}
		r := roster{org: b.ID}
		for _, d := range due.Items[:min(attendees, len(due.Items))] {
			r.members = append(r.members, d.MemberID)
		}
		if len(r.members) == attendees {
			big = append(big, r)
		}
	}
	if len(big) == 0 {
		return nil, fmt.Errorf("no branch among the first %d has %d members", len(branches), attendees)
	}
	// Times spread over the year so far, whole minutes: a run writes into
	// the reports it then reads, as a live system does.
	start := time.Date(year, 1, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	span := int64(time.Since(start) / time.Minute)
	if span < 1 {
		return nil, fmt.Errorf("year %d has not begun", year)
	}
	seq := time.Now().Unix() // a second run does not repeat the first's times
	return []endpoint{
		{"compliance roll-up at the root", func(int) string {
			return fmt.Sprintf("/api/v1/orgs/%d/compliance/rollup?year=%d", root, year)
		}, nil},
		{"hours roll-up at the root", func(int) string {
			return fmt.Sprintf("/api/v1/orgs/%d/hours/rollup?year=%d", root, year)
		}, nil},
		{"a branch's compliance", func(i int) string {
			return fmt.Sprintf("/api/v1/orgs/%d/compliance?year=%d", branches[i%len(branches)].ID, year)
		}, nil},
		{"record a meeting, 30 attendees", func(int) string { return "/api/v1/meetings" }, func(i int) []byte {
			r := big[i%len(big)]
			att := make([]map[string]any, len(r.members))
			for j, m := range r.members {
				att[j] = map[string]any{"member_id": m, "status": "present"}
			}
			b, _ := json.Marshal(map[string]any{
				"org_id": r.org, "kind": "theme_day", "topic": "主题党日（压测）",
				"held_at":  start.Add(time.Duration((seq*7919+int64(i)*37)%span) * time.Minute).Format(time.RFC3339),
				"location": "会议室", "attendance": att,
			})
			return b
		}},
	}, nil
}

// drive sends n requests of e from clients goroutines at once, or as many
// as limit allows.
func (c *client) drive(ctx context.Context, e endpoint, clients, n int, limit time.Duration) *result {
	r := &result{name: e.name, lat: make([]time.Duration, 0, n)}
	var mu sync.Mutex
	next := make(chan int)
	start := time.Now()
	go func() {
		for i := range n {
			if time.Since(start) > limit {
				break
			}
			next <- i
		}
		close(next)
	}()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for i := range next {
				var payload []byte
				if e.body != nil {
					payload = e.body(i)
				}
				t0 := time.Now()
				body, err := c.send(ctx, e.path(i), payload)
				d := time.Since(t0)
				mu.Lock()
				if err != nil {
					r.errors++
					if r.first == nil {
						r.first = err
					}
				} else {
					r.lat = append(r.lat, d)
					if r.total == 0 {
						r.total = total(body)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.wall = time.Since(start)
	return r
}

type client struct {
	hc    *http.Client
	base  string
	token string
}

func (c *client) login(ctx context.Context, user, password string) error {
	body, err := json.Marshal(map[string]string{"username": user, "password": password})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/login", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	var ans struct {
		Token string `json:"token"`
	}
	body, err = c.do(req)
	if err == nil {
		err = json.Unmarshal(body, &ans)
	}
	if err != nil {
		return fmt.Errorf("login as %s: %w", user, err)
	}
	c.token = ans.Token
	return nil
}

func (c *client) get(ctx context.Context, path string) ([]byte, error) {
	return c.send(ctx, path, nil)
}

// send GETs path, or POSTs body to it when body is not nil.
func (c *client) send(ctx context.Context, path string, body []byte) ([]byte, error) {
	method, rd := http.MethodGet, io.Reader(nil)
	if body != nil {
		method, rd = http.MethodPost, bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req)
}

// do sends req and returns the body of a 200 or 201 answer; the body is read to
// the end, so the time includes the whole answer.
func (c *client) do(req *http.Request) ([]byte, error) {
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusCreated {
		return nil, fmt.Errorf("%s %s: %s: %.200s", req.Method, req.URL, res.Status, body)
	}
	return body, nil
}

// total reads the "total" of a list answer without decoding the items,
// so that the client spends its CPU on sending, not parsing: the server
// shares the machine.
func total(body []byte) int {
	i := bytes.LastIndex(body, []byte(`"total":`))
	if i < 0 {
		return 0
	}
	rest := body[i+len(`"total":`):]
	end := bytes.IndexAny(rest, ",}")
	if end < 0 {
		return 0
	}
	n, _ := strconv.Atoi(string(bytes.TrimSpace(rest[:end])))
	return n
}

// pct returns the p-th percentile of sorted durations (nearest rank).
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(len(sorted), max(1, i))-1]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// memory reads a process's peak and current resident set size.
func memory(pid int) (hwm, rss string, err error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return "", "", fmt.Errorf("server memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		switch k {
		case "VmHWM":
			hwm = strings.TrimSpace(v)
		case "VmRSS":
			rss = strings.TrimSpace(v)
		}
	}
	return hwm, rss, sc.Err()
}
