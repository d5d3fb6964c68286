// Package secret encrypts the sensitive fields kept at rest (ID and phone
// numbers) and makes the keyed hashes that let them be looked up without
// decrypting. Keys live in a key file or the DANGJIAN_KEY variable, never
// in the database.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// Algorithms.
const (
	AES256GCM = "aes-256-gcm" // the default
	SM4GCM    = "sm4-gcm"     // 国密 SM4 in GCM mode, hashes with HMAC-SM3
)

// ErrNoKey says that no key was configured.
var ErrNoKey = errors.New("no encryption key")

// key is one version of the secret with its derived keys.
type key struct {
	id     int
	secret []byte
	aead   cipher.AEAD
	mac    []byte
}

// Keyring holds every key version that may still be on disk and the
// current one, which encrypts new values.
type Keyring struct {
	alg     string
	current int
	keys    map[int]*key
}

// File is the JSON form of a key file.
type File struct {
	Algorithm string    `json:"algorithm"`
	Current   int       `json:"current"`
	Keys      []FileKey `json:"keys"`
}

// FileKey is one key version in a key file.
type FileKey struct {
	ID     int    `json:"id"`
	Secret string `json:"secret"` // base64, 32 bytes
}

// New builds a keyring from a File.
func New(f File) (*Keyring, error) {
	if f.Algorithm == "" {
		f.Algorithm = AES256GCM
	}
	if f.Algorithm != AES256GCM && f.Algorithm != SM4GCM {
		return nil, fmt.Errorf("unknown algorithm %q (want %s or %s)", f.Algorithm, AES256GCM, SM4GCM)
	}
	r := &Keyring{alg: f.Algorithm, current: f.Current, keys: map[int]*key{}}
	for _, fk := range f.Keys {
		b, err := base64.StdEncoding.DecodeString(fk.Secret)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("key %d: the secret must be 32 bytes in base64", fk.ID)
		}
		if fk.ID <= 0 {
			return nil, fmt.Errorf("key ids must be positive, got %d", fk.ID)
		}
		k, err := derive(f.Algorithm, fk.ID, b)
		if err != nil {
			return nil, err
		}
		r.keys[fk.ID] = k
	}
	if _, ok := r.keys[r.current]; !ok {
		return nil, fmt.Errorf("the current key %d is not in the key file", r.current)
	}
	return r, nil
}

// derive makes the encryption and hashing keys of one secret, so the same
// bytes never serve two purposes.
func derive(alg string, id int, secret []byte) (*key, error) {
	h := sha256.New
	if alg == SM4GCM {
		h = sm3.New
	}
	sub := func(label string) []byte {
		m := hmac.New(h, secret)
		m.Write([]byte("dangjian/" + label))
		return m.Sum(nil)
	}
	var block cipher.Block
	var err error
	if alg == SM4GCM {
		block, err = sm4.NewCipher(sub("enc")[:16])
	} else {
		block, err = aes.NewCipher(sub("enc")[:32])
	}
	if err != nil {
		return nil, fmt.Errorf("key %d: %w", id, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("key %d: %w", id, err)
	}
	return &key{id: id, secret: secret, aead: aead, mac: sub("mac")}, nil
}

// Algorithm returns the ring's algorithm.
func (r *Keyring) Algorithm() string { return r.alg }

// Current returns the id of the key that encrypts new values.
func (r *Keyring) Current() int { return r.current }

// IDs returns every key id in the ring, ascending.
func (r *Keyring) IDs() []int {
	ids := make([]int, 0, len(r.keys))
	for id := range r.keys {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// Encrypt seals plain with the current key as "k<id>:<base64 nonce|box>".
// The empty string stays empty, so optional fields need no ciphertext.
func (r *Keyring) Encrypt(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	k := r.keys[r.current]
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("nonce: %w", err)
	}
	box := k.aead.Seal(nonce, nonce, []byte(plain), nil)
	return "k" + strconv.Itoa(k.id) + ":" + base64.RawStdEncoding.EncodeToString(box), nil
}

// KeyOf returns the key id a ciphertext or hash was made with (0 if none).
func KeyOf(s string) int {
	if !strings.HasPrefix(s, "k") {
		return 0
	}
	i := strings.IndexByte(s, ':')
	if i < 2 {
		return 0
	}
	id, _ := strconv.Atoi(s[1:i])
	return id
}

// Decrypt opens a value made by Encrypt with any key in the ring.
func (r *Keyring) Decrypt(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	id := KeyOf(s)
	k, ok := r.keys[id]
	if !ok {
		return "", fmt.Errorf("decrypt: key %d is not in the key ring (a key file from another database?)", id)
	}
	box, err := base64.RawStdEncoding.DecodeString(s[strings.IndexByte(s, ':')+1:])
	if err != nil || len(box) < k.aead.NonceSize() {
		return "", fmt.Errorf("decrypt: malformed ciphertext")
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, box[:n], box[n:], nil)
	if err != nil {
		return "", fmt.Errorf("decrypt with key %d: %w", id, err)
	}
	return string(plain), nil
}

// Hash returns the keyed hash of v under the current key, "k<id>:<hex>".
func (r *Keyring) Hash(v string) string { return hashWith(r.keys[r.current], r.alg, v) }

// Hashes returns v's hash under every key in the ring, for lookups while
// a rotation is under way.
func (r *Keyring) Hashes(v string) []string {
	out := make([]string, 0, len(r.keys))
	for _, id := range r.IDs() {
		out = append(out, hashWith(r.keys[id], r.alg, v))
	}
	return out
}

func hashWith(k *key, alg, v string) string {
	var h func() hash.Hash = sha256.New
	if alg == SM4GCM {
		h = sm3.New
	}
	m := hmac.New(h, k.mac)
	m.Write([]byte(v))
	return "k" + strconv.Itoa(k.id) + ":" + hex.EncodeToString(m.Sum(nil))
}

// Generate returns a File with one fresh key.
func Generate(alg string) (File, error) {
	f := File{Algorithm: alg, Current: 1}
	if f.Algorithm == "" {
		f.Algorithm = AES256GCM
	}
	s, err := newSecret()
	if err != nil {
		return File{}, err
	}
	f.Keys = []FileKey{{ID: 1, Secret: s}}
	return f, nil
}

func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// AddKey appends a fresh key to f and makes it current.
func AddKey(f File) (File, error) {
	s, err := newSecret()
	if err != nil {
		return File{}, err
	}
	next := 0
	for _, k := range f.Keys {
		next = max(next, k.ID)
	}
	f.Keys = append(append([]FileKey(nil), f.Keys...), FileKey{ID: next + 1, Secret: s})
	f.Current = next + 1
	return f, nil
}

// Keep returns f with only the current key: once no value uses the old
// ones, they can go.
func Keep(f File) File {
	for _, k := range f.Keys {
		if k.ID == f.Current {
			f.Keys = []FileKey{k}
			break
		}
	}
	return f
}

// Parse reads a key file's JSON, or a bare base64 32-byte secret (which is
// key 1 of alg).
func Parse(b []byte, alg string) (File, error) {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "{") {
		var f File
		if err := json.Unmarshal([]byte(s), &f); err != nil {
			return File{}, fmt.Errorf("parse key file: %w", err)
		}
		return f, nil
	}
	if raw, err := base64.StdEncoding.DecodeString(s); err != nil || len(raw) != 32 {
		return File{}, errors.New("a key must be a key file's JSON or 32 bytes in base64")
	}
	return File{Algorithm: alg, Current: 1, Keys: []FileKey{{ID: 1, Secret: s}}}, nil
}

// ReadFile reads a key file and refuses one that others can read.
func ReadFile(path string) (File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return File{}, fmt.Errorf("key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return File{}, fmt.Errorf("key file %s is readable by others (mode %o); run chmod 600 on it", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}, fmt.Errorf("key file: %w", err)
	}
	return Parse(b, AES256GCM)
}

// WriteFile writes f to path with mode 0600, atomically (a crash leaves
// the old file or the new one, never half of one).
func WriteFile(path string, f File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encode key file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dangjian-key-*")
	if err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write key file: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	return nil
}
