package secret

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ring(t *testing.T, alg string) (*Keyring, File) {
	t.Helper()
	f, err := Generate(alg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(f)
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}

func TestEncryptDecrypt(t *testing.T) {
	for _, alg := range []string{AES256GCM, SM4GCM} {
		t.Run(alg, func(t *testing.T) {
			r, _ := ring(t, alg)
			const id = "11010519491231002X"
			c1, err := r.Encrypt(id)
			if err != nil {
				t.Fatal(err)
			}
			c2, _ := r.Encrypt(id)
			if c1 == c2 {
				t.Error("two encryptions of one value are equal: the nonce is not random")
			}
			if strings.Contains(c1, id) || strings.Contains(c1, "1949") {
				t.Errorf("ciphertext shows the plaintext: %s", c1)
			}
			got, err := r.Decrypt(c1)
			if err != nil || got != id {
				t.Fatalf("decrypt = %q, %v", got, err)
			}
			if r.Hash(id) != r.Hash(id) || r.Hash(id) == r.Hash("11010519491231003X") {
				t.Error("hash is not a stable function of the value")
			}
			// A changed byte is detected.
			bad := c1[:len(c1)-2] + "AA"
			if c1[len(c1)-2:] == "AA" {
				bad = c1[:len(c1)-2] + "BB"
			}
			if _, err := r.Decrypt(bad); err == nil {
				t.Error("a tampered ciphertext decrypted")
			}
			if e, _ := r.Encrypt(""); e != "" {
				t.Error("empty values should stay empty")
			}
		})
	}
}

func TestRotation(t *testing.T) {
	r1, f1 := ring(t, AES256GCM)
	old, _ := r1.Encrypt("13812345678")
	f2, err := AddKey(f1)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := New(f2)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Current() != 2 || KeyOf(old) != 1 {
		t.Fatalf("current %d, old key %d", r2.Current(), KeyOf(old))
	}
	if got, err := r2.Decrypt(old); err != nil || got != "13812345678" {
		t.Fatalf("the new ring cannot read old values: %q %v", got, err)
	}
	fresh, _ := r2.Encrypt("13812345678")
	if KeyOf(fresh) != 2 {
		t.Errorf("new values use key %d", KeyOf(fresh))
	}
	if hs := r2.Hashes("x"); len(hs) != 2 || hs[1] != r2.Hash("x") || hs[0] != r1.Hash("x") {
		t.Errorf("hashes over the ring = %v", hs)
	}
	r3, err := New(Keep(f2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r3.Decrypt(old); err == nil {
		t.Error("a pruned key still decrypts")
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "k.json")
	_, f := ring(t, SM4GCM)
	if err := WriteFile(p, f); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %o", st.Mode().Perm())
	}
	g, err := ReadFile(p)
	if err != nil || g.Algorithm != SM4GCM || len(g.Keys) != 1 {
		t.Fatalf("read back %+v, %v", g, err)
	}
	os.Chmod(p, 0o644)
	if _, err := ReadFile(p); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable key file was accepted: %v", err)
	}
	if _, err := Parse([]byte("c2hvcnQ="), AES256GCM); err == nil {
		t.Error("a short bare key was accepted")
	}
	bare := f.Keys[0].Secret
	if g, err := Parse([]byte(bare+"\n"), AES256GCM); err != nil || g.Current != 1 {
		t.Errorf("bare key: %+v %v", g, err)
	}
	if _, err := New(File{Algorithm: "rot13", Current: 1, Keys: f.Keys}); err == nil {
		t.Error("unknown algorithm accepted")
	}
}
