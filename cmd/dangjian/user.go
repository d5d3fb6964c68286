package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func runUser(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stderr, "Usage: dangjian user add|passwd|list [flags]\n")
		if len(args) == 0 {
			return errors.New("user: no subcommand")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user "+sub, "user "+sub+" [flags]", stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	kf := addKeyFlags(fs, env)
	var username, password, role *string
	var org, member *int64
	switch sub {
	case "add":
		username = fs.String("username", "", "login name (required)")
		password = fs.String("password", "", "password (read from standard input when empty)")
		role = fs.String("role", "", "role: "+strings.Join(dangjian.Roles, ", "))
		org = fs.Int64("org", 0, "id of the organization the role is held on")
		member = fs.Int64("member", 0, "id of the member record this account belongs to (optional)")
	case "passwd":
		username = fs.String("username", "", "login name (required)")
		password = fs.String("password", "", "new password (read from standard input when empty)")
	case "list":
	default:
		return fmt.Errorf("user: unknown subcommand %q (add, passwd, list)", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger(io.Discard)
	keys, _, err := kf.load(*dsn, false, stdout)
	if err != nil {
		return err
	}
	a, closeDB, err := openApp(ctx, *dsn, app.DefaultConfig(), keys, log)
	if err != nil {
		return err
	}
	defer closeDB()
	sys := app.System()
	switch sub {
	case "list":
		users, err := a.Users(ctx, sys)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tROLES\tMEMBER")
		for _, u := range users {
			var roles []string
			for _, g := range u.Roles {
				roles = append(roles, fmt.Sprintf("%s@%d", g.Role, g.OrgID))
			}
			mid := ""
			if u.MemberID != nil {
				mid = fmt.Sprint(*u.MemberID)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", u.ID, u.Username, strings.Join(roles, ","), mid)
		}
		return tw.Flush()
	case "add":
		if *username == "" || *role == "" || *org == 0 {
			fs.Usage()
			return errors.New("user add: --username, --role and --org are required")
		}
		pw, err := readPassword(*password, stdin)
		if err != nil {
			return err
		}
		in := app.UserInput{Username: *username, Password: pw, Roles: []dangjian.Grant{{Role: *role, OrgID: *org}}}
		if *member != 0 {
			in.MemberID = member
		}
		u, err := a.CreateUser(ctx, sys, in)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "user %s created (id %d)\n", u.Username, u.ID)
		return nil
	default: // passwd
		if *username == "" {
			fs.Usage()
			return errors.New("user passwd: --username is required")
		}
		pw, err := readPassword(*password, stdin)
		if err != nil {
			return err
		}
		if err := a.SetPassword(ctx, sys, *username, pw); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "password of %s changed; its sessions were ended\n", *username)
		return nil
	}
}

// readPassword returns pw, or the first line of stdin when pw is empty, so
// that a password need not appear in the process list.
func readPassword(pw string, stdin io.Reader) (string, error) {
	if pw != "" {
		return pw, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	if line = strings.TrimRight(line, "\r\n"); line == "" {
		return "", errors.New("no password given (use --password or pass it on standard input)")
	}
	return line, nil
}

// describe turns a domain error into one line that names the fields.
func describe(err error) error {
	fields := dangjian.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var parts []string
	for k, v := range fields {
		parts = append(parts, k+": "+v)
	}
	return fmt.Errorf("%s (%s)", dangjian.ErrorMessage(err), strings.Join(parts, "; "))
}
