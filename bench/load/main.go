// Command load drives a running dangjian server on the loopback with a few
// concurrent clients and prints the latency of the roster, tree and search
// endpoints, and the server's peak memory. bench/roster.sh starts the
// server on a generated database and runs it.
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
// gives the i-th request's path.
type endpoint struct {
	name string
	path func(i int) string
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
		Items []struct {
			ID          int64 `json:"id"`
			MemberCount int   `json:"member_count"`
		} `json:"items"`
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
	surnames := []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "王建", "李秀", "张伟", "刘洋"}
	endpoints := []endpoint{
		{"root roster (page 1, with total)", func(i int) string { return "/api/v1/members?per_page=50" }},
		{"branch roster", func(i int) string {
			return "/api/v1/members?per_page=50&org=" + strconv.FormatInt(branches.Items[i%len(branches.Items)].ID, 10)
		}},
		{"org tree (500 per page)", func(i int) string { return "/api/v1/orgs?per_page=500" }},
		{"search by name", func(i int) string {
			return "/api/v1/members?per_page=50&q=" + url.QueryEscape(surnames[i%len(surnames)])
		}},
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
				t0 := time.Now()
				body, err := c.get(ctx, e.path(i))
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
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	return c.do(req)
}

// do sends req and returns the body of a 200 answer; the body is read to
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
	if res.StatusCode != http.StatusOK {
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
