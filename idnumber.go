package dangjian

import (
	"fmt"
	"strings"
	"time"
)

// idWeights are the GB 11643-1999 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheck maps the weighted sum mod 11 to the check character.
const idCheck = "10X98765432"

// IDCheckDigit returns the GB 11643 check character for the first 17 digits.
func IDCheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 digits, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("character %d is not a digit", i+1)
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheck[sum%11], nil
}

// NormalizeIDNumber trims spaces and upper-cases the check character.
func NormalizeIDNumber(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// IDNumberInfo is what an 18-digit citizen ID number says about its holder.
type IDNumberInfo struct {
	Birth  Date
	Gender string // "male" or "female": the 17th digit odd is male
}

// ParseIDNumber validates an 18-character citizen ID number (GB 11643) and
// returns the birth date and gender it encodes. The message of the error is
// meant for the user.
func ParseIDNumber(s string) (IDNumberInfo, error) {
	s = NormalizeIDNumber(s)
	if len(s) != 18 {
		return IDNumberInfo{}, fmt.Errorf("公民身份号码应为18位，实际 %d 位", len([]rune(s)))
	}
	want, err := IDCheckDigit(s[:17])
	if err != nil {
		return IDNumberInfo{}, fmt.Errorf("公民身份号码前17位须为数字")
	}
	if s[17] != want {
		return IDNumberInfo{}, fmt.Errorf("公民身份号码校验位错误（应为 %c）", want)
	}
	t, err := time.Parse("20060102", s[6:14])
	if err != nil || t.Year() < 1900 {
		return IDNumberInfo{}, fmt.Errorf("公民身份号码中的出生日期 %s 无效", s[6:14])
	}
	g := "female"
	if (s[16]-'0')%2 == 1 {
		g = "male"
	}
	return IDNumberInfo{Birth: NewDate(t.Year(), t.Month(), t.Day()), Gender: g}, nil
}

// MaskIDNumber keeps the first 3 and last 4 characters: 110***********123X.
func MaskIDNumber(s string) string {
	if len(s) < 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}

// MaskPhone keeps the first 3 and last 4 digits: 138****5678.
func MaskPhone(s string) string {
	if len(s) < 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}
