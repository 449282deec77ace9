// Go text/template behaviour table. Every expected string was produced by the real
// Alertmanager 0.25 toolchain (amtool template render, Go text/template) on the data built
// by GoCaseData() with the upstream default templates loaded, so each row pins down Go's
// exact output or error text. Rows marked kErrorAny only require an error (Go's message
// for those depends on reflection details we do not imitate).

#include "template/go_cases_test.h"

namespace overlord::tmpl::testing {

const std::vector<GoCase>& GoCases() {
  static const std::vector<GoCase> cases = {
    {R"tq(hello)tq", kOk, R"tq(hello)tq"},
    {R"tq(a {{- " b " -}} c)tq", kOk, R"tq(a b c)tq"},
    {R"tq(a  {{- /* comment */ -}}  b)tq", kOk, R"tq(ab)tq"},
    {R"tq(x{{/* c */}}y)tq", kOk, R"tq(xy)tq"},
    {R"tq({{- "x" }}

  y  
{{- "z" -}}
 w)tq", kOk, R"tq(x

  yzw)tq"},
    {R"tq(a
{{ "b" -}}

 c)tq", kOk, R"tq(a
bc)tq"},
    {R"tq({{ "a" }}{{- "b" -}}{{ "c" }})tq", kOk, R"tq(abc)tq"},
    {R"tq({{"\t\n\"q\"\\"}})tq", kOk, R"tq(	
"q"\)tq"},
    {R"tq({{`raw\n`}})tq", kOk, R"tq(raw\n)tq"},
    {R"tq({{ "\u00e9\x41\101" }})tq", kOk, R"tq(éAA)tq"},
    {R"tq({{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 1_000 }})tq", kOk, R"tq(42 -7 31 15 15 1000)tq"},
    {R"tq({{ 1.5 }} {{ 2.0 }} {{ 1e3 }} {{ 1e6 }} {{ 1234567.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ 123456.0 }})tq", kOk, R"tq(1.5 2 1000 1e+06 1.234567e+06 0.0001 1e-05 123456)tq"},
    {R"tq({{ 'a' }} {{ '\n' }})tq", kOk, R"tq(97 10)tq"},
    {R"tq({{ true }} {{ false }})tq", kOk, R"tq(true false)tq"},
    {R"tq({{ print nil }})tq", kOk, R"tq(<nil>)tq"},
    {R"tq({{ .CommonAnnotations.missing }}|)tq", kOk, R"tq(|)tq"},
    {R"tq({{ .CommonLabels.missing | printf "%q" }})tq", kOk, R"tq("")tq"},
    {R"tq({{ .Receiver }} {{ .Status }} {{ .ExternalURL }})tq", kOk, R"tq(team-x\.pager firing http://am.example:9093)tq"},
    {R"tq({{ .GroupLabels }})tq", kOk, R"tq(map[alertname:X])tq"},
    {R"tq({{ .CommonLabels }})tq", kOk, R"tq(map[alertname:X job:node])tq"},
    {R"tq({{ .CommonAnnotations }})tq", kOk, R"tq(map[])tq"},
    {R"tq({{ .CommonLabels.job }})tq", kOk, R"tq(node)tq"},
    {R"tq({{ .CommonLabels.SortedPairs }})tq", kOk, R"tq([{alertname X} {job node}])tq"},
    {R"tq({{ .CommonLabels.Names }} {{ .CommonLabels.Values }})tq", kOk, R"tq([alertname job] [X node])tq"},
    {R"tq({{ (index .Alerts 0).Labels.SortedPairs.Names }})tq", kOk, R"tq([alertname instance job severity])tq"},
    {R"tq({{ (index .Alerts 0).Labels.SortedPairs.Values }})tq", kOk, R"tq([X a:9100 node critical])tq"},
    {R"tq({{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }})tq", kOk, R"tq(alertname=X;job=node;)tq"},
    {R"tq({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values }}{{ end }})tq", kOk, R"tq([node])tq"},
    {R"tq({{ .CommonLabels.Remove (stringSlice "job") }})tq", kOk, R"tq(map[alertname:X])tq"},
    {R"tq({{ len .Alerts }} {{ len .Alerts.Firing }} {{ len .Alerts.Resolved }})tq", kOk, R"tq(2 1 1)tq"},
    {R"tq({{ .Alerts.Firing | len }})tq", kOk, R"tq(1)tq"},
    {R"tq({{ range .Alerts }}{{ .Status }}:{{ .Labels.instance }} {{ end }})tq", kOk, R"tq(firing:a:9100 resolved:b:9100 )tq"},
    {R"tq({{ range .Alerts.Resolved }}{{ .Fingerprint }}{{ end }})tq", kOk, R"tq(0123456789abcdef)tq"},
    {R"tq({{ (index .Alerts 0).Annotations.description }})tq", kOk, R"tq(<b>hot</b> & "loud")tq"},
    {R"tq({{ index .Alerts 1 | printf "%v" | len }})tq", kOk, R"tq(214)tq"},
    {R"tq({{ index (index .Alerts 0).Labels "instance" }})tq", kOk, R"tq(a:9100)tq"},
    {R"tq({{ index .CommonLabels "nope" }}|)tq", kOk, R"tq(|)tq"},
    {R"tq({{ index (index .Alerts 1).Labels `alertname` }})tq", kOk, R"tq(X)tq"},
    {R"tq({{ $a := index .Alerts 0 }}{{ $a.Labels.job }})tq", kOk, R"tq(node)tq"},
    {R"tq({{ (index .Alerts 0).StartsAt }})tq", kOk, R"tq(2024-01-02 03:04:05.123 +0000 UTC)tq"},
    {R"tq({{ (index .Alerts 0).EndsAt }})tq", kOk, R"tq(0001-01-01 00:00:00 +0000 UTC)tq"},
    {R"tq({{ (index .Alerts 1).EndsAt }})tq", kOk, R"tq(2024-01-02 04:30:15.5 +0000 UTC)tq"},
    {R"tq({{ range .Alerts }}{{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}|{{ end }})tq", kOk, R"tq(2024-01-02 03:04:05 UTC|2024-01-02 01:00:00 UTC|)tq"},
    {R"tq({{ (index .Alerts 0).StartsAt.Format "Jan 2, 2006 at 3:04pm (MST)" }})tq", kOk, R"tq(Jan 2, 2024 at 3:04am (UTC))tq"},
    {R"tq({{ (index .Alerts 0).StartsAt.Format "Monday January _2 15:04:05.000 2006" }})tq", kOk, R"tq(Tuesday January  2 03:04:05.123 2024)tq"},
    {R"tq({{ (index .Alerts 0).StartsAt.Format "06-1-2 03:4:5.999999 PM -07:00 Z07:00 -0700" }})tq", kOk, R"tq(24-1-2 03:4:5.123 AM +00:00 Z +0000)tq"},
    {R"tq({{ (index .Alerts 1).EndsAt.Format "2006-01-02T15:04:05Z07:00" }})tq", kOk, R"tq(2024-01-02T04:30:15Z)tq"},
    {R"tq({{ (index .Alerts 1).EndsAt.Format "2006-01-02T15:04:05.999999999Z07:00" }})tq", kOk, R"tq(2024-01-02T04:30:15.5Z)tq"},
    {R"tq({{ (index .Alerts 1).EndsAt.Format "Mon Jan _2 15:04:05 2006 .000 ,00 .9" }})tq", kOk, R"tq(Tue Jan  2 04:30:15 2024 .500 ,50 .5)tq"},
    {R"tq({{ (index .Alerts 0).EndsAt.Format "2006-01-02" }})tq", kOk, R"tq(0001-01-01)tq"},
    {R"tq({{ (index .Alerts 0).StartsAt.Unix }} {{ (index .Alerts 0).EndsAt.Unix }})tq", kOk, R"tq(1704164645 -62135596800)tq"},
    {R"tq({{ (index .Alerts 0).StartsAt.UTC }})tq", kOk, R"tq(2024-01-02 03:04:05.123 +0000 UTC)tq"},
    {R"tq({{ with index .Alerts 1 }}{{ .EndsAt.Sub .StartsAt }}{{ end }})tq", kOk, R"tq(3h30m15.5s)tq"},
    {R"tq({{ with index .Alerts 0 }}{{ .EndsAt.Sub .StartsAt }}{{ end }})tq", kOk, R"tq(-2562047h47m16.854775808s)tq"},
    {R"tq({{ if (index .Alerts 0).EndsAt }}yes{{ else }}no{{ end }})tq", kOk, R"tq(yes)tq"},
    {R"tq({{ (index .Alerts 0).StartsAt.Local.Format "15:04 MST" }})tq", kOk, R"tq(03:04 UTC)tq"},
    {R"tq({{ if .Alerts }}has{{ end }})tq", kOk, R"tq(has)tq"},
    {R"tq({{ if .CommonAnnotations }}ann{{ else }}none{{ end }})tq", kOk, R"tq(none)tq"},
    {R"tq({{ if eq .Status "firing" }}F{{ else if eq .Status "resolved" }}R{{ else }}?{{ end }})tq", kOk, R"tq(F)tq"},
    {R"tq({{ if eq .Status "x" }}1{{ else if eq .Status "y" }}2{{ else }}3{{ end }})tq", kOk, R"tq(3)tq"},
    {R"tq({{ if 0 }}a{{ else }}b{{ end }}{{ if 1 }}c{{ end }}{{ if "" }}d{{ end }}{{ if " " }}e{{ end }})tq", kOk, R"tq(bce)tq"},
    {R"tq({{ if 0.0 }}a{{ else }}b{{ end }}{{ if false }}c{{ else }}d{{ end }})tq", kOk, R"tq(bd)tq"},
    {R"tq({{ if .CommonLabels.nope }}a{{ else }}b{{ end }})tq", kOk, R"tq(b)tq"},
    {R"tq({{ if and .Alerts .Status }}both{{ end }})tq", kOk, R"tq(both)tq"},
    {R"tq({{ if or .CommonAnnotations.x .Status }}one{{ end }})tq", kOk, R"tq(one)tq"},
    {R"tq({{ and 1 0 2 }} {{ and 1 2 3 }} {{ or 0 "" 5 }} {{ or 0 "" }}|)tq", kOk, R"tq(0 3 5 |)tq"},
    {R"tq({{ and "a" "b" }} {{ or "" "b" }})tq", kOk, R"tq(b b)tq"},
    {R"tq({{ not true }} {{ not 0 }} {{ not "" }} {{ not .Alerts }})tq", kOk, R"tq(false true true false)tq"},
    {R"tq({{ "x" | and 1 }} {{ "y" | or 0 }})tq", kOk, R"tq(x y)tq"},
    {R"tq({{ with .CommonLabels.job }}job={{ . }}{{ end }})tq", kOk, R"tq(job=node)tq"},
    {R"tq({{ with .CommonLabels.nope }}x{{ else }}empty{{ end }})tq", kOk, R"tq(empty)tq"},
    {R"tq({{ with $x := .Status }}{{ $x }}-{{ . }}{{ end }})tq", kOk, R"tq(firing-firing)tq"},
    {R"tq({{ with .Alerts.Resolved }}{{ len . }}{{ end }})tq", kOk, R"tq(1)tq"},
    {R"tq({{ range $i, $a := .Alerts }}{{ $i }}={{ $a.Labels.instance }} {{ end }})tq", kOk, R"tq(0=a:9100 1=b:9100 )tq"},
    {R"tq({{ range $k, $v := .CommonLabels }}{{ $k }}:{{ $v }},{{ end }})tq", kOk, R"tq(alertname:X,job:node,)tq"},
    {R"tq({{ range $v := .CommonLabels }}{{ $v }},{{ end }})tq", kOk, R"tq(X,node,)tq"},
    {R"tq({{ range .CommonLabels }}{{ . }},{{ end }})tq", kOk, R"tq(X,node,)tq"},
    {R"tq({{ range .CommonAnnotations }}x{{ else }}empty{{ end }})tq", kOk, R"tq(empty)tq"},
    {R"tq({{ range $i, $e := stringSlice "a" "b" "c" }}{{ if $i }},{{ end }}{{ $e }}{{ end }})tq", kOk, R"tq(a,b,c)tq"},
    {R"tq({{ range $i, $e := stringSlice "a" "b" "c" "d" }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $e }}{{ end }})tq", kOk, R"tq(ab)tq"},
    {R"tq({{ range $i, $e := stringSlice "a" "b" "c" }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $e }}{{ end }})tq", kOk, R"tq(ac)tq"},
    {R"tq({{ range .Alerts }}{{ range .Labels.SortedPairs }}{{ .Name }} {{ end }}|{{ end }})tq", kOk, R"tq(alertname instance job severity |alertname instance job severity |)tq"},
    {R"tq({{ $n := 0 }}{{ range .Alerts }}{{ $n = len .Labels }}{{ end }}{{ $n }})tq", kOk, R"tq(4)tq"},
    {R"tq({{ $x := "outer" }}{{ range .Alerts }}{{ $x := "inner" }}{{ end }}{{ $x }})tq", kOk, R"tq(outer)tq"},
    {R"tq({{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }})tq", kOk, R"tq(2)tq"},
    {R"tq({{ range . }}x{{ end }})tq", kError, R"tq(template: :1:9: executing "" at <.>: range can't iterate over {team-x\.pager firing [{firing map[alertname:X instance:a:9100 job:node severity:critical] map[description:<b>hot</b> & "loud" summary:CPU high on a:9100] 2024-01-02 03:04:05.123 +0000 UTC 0001-01-01 00:00:00 +0000 UTC http://prom:9090/graph?g0.expr=up&g0.tab=1 6870b400b71613f1} {resolved map[alertname:X instance:b:9100 job:node severity:warning] map[summary:CPU high on b:9100] 2024-01-02 01:00:00 +0000 UTC 2024-01-02 04:30:15.5 +0000 UTC http://prom:9090/graph?g0.expr=up 0123456789abcdef}] map[alertname:X] map[alertname:X job:node] map[] http://am.example:9093})tq"},
    {R"tq({{ range $i, $a := .Alerts }}{{ $ }}{{ end }}|)tq", kOk, R"tq({team-x\.pager firing [{firing map[alertname:X instance:a:9100 job:node severity:critical] map[description:<b>hot</b> & "loud" summary:CPU high on a:9100] 2024-01-02 03:04:05.123 +0000 UTC 0001-01-01 00:00:00 +0000 UTC http://prom:9090/graph?g0.expr=up&g0.tab=1 6870b400b71613f1} {resolved map[alertname:X instance:b:9100 job:node severity:warning] map[summary:CPU high on b:9100] 2024-01-02 01:00:00 +0000 UTC 2024-01-02 04:30:15.5 +0000 UTC http://prom:9090/graph?g0.expr=up 0123456789abcdef}] map[alertname:X] map[alertname:X job:node] map[] http://am.example:9093}{team-x\.pager firing [{firing map[alertname:X instance:a:9100 job:node severity:critical] map[description:<b>hot</b> & "loud" summary:CPU high on a:9100] 2024-01-02 03:04:05.123 +0000 UTC 0001-01-01 00:00:00 +0000 UTC http://prom:9090/graph?g0.expr=up&g0.tab=1 6870b400b71613f1} {resolved map[alertname:X instance:b:9100 job:node severity:warning] map[summary:CPU high on b:9100] 2024-01-02 01:00:00 +0000 UTC 2024-01-02 04:30:15.5 +0000 UTC http://prom:9090/graph?g0.expr=up 0123456789abcdef}] map[alertname:X] map[alertname:X job:node] map[] http://am.example:9093}|)tq"},
    {R"tq({{ $x := "v" }}{{ $x }}{{ $x = "w" }}{{ $x }})tq", kOk, R"tq(vw)tq"},
    {R"tq({{ $ := . }}{{ $.Status }})tq", kOk, R"tq(firing)tq"},
    {R"tq({{ $s := .Status }}{{ $s | toUpper }})tq", kOk, R"tq(FIRING)tq"},
    {R"tq({{ $l := .CommonLabels }}{{ $l.job }})tq", kOk, R"tq(node)tq"},
    {R"tq({{ $a := index .Alerts 0 }}{{ $a.StartsAt.Format "15:04" }})tq", kOk, R"tq(03:04)tq"},
    {R"tq({{ printf "%s-%d-%v" "a" 5 true }})tq", kOk, R"tq(a-5-true)tq"},
    {R"tq({{ printf "%5s|%-5s|%05d|%x|%X|%o|%b" "ab" "cd" 42 255 255 8 5 }})tq", kOk, R"tq(   ab|cd   |00042|ff|FF|10|101)tq"},
    {R"tq({{ printf "%.2f %f %e %g %G %8.3f %-8.1f|" 3.14159 2.5 123456.789 0.000012345 1e21 3.14159 2.25 }})tq", kOk, R"tq(3.14 2.500000 1.234568e+05 1.2345e-05 1E+21    3.142 2.2     |)tq"},
    {R"tq({{ printf "%q %q %v %#v" "a\"b" "\n" "s" "s" }})tq", kOk, R"tq("a\"b" "\n" s "s")tq"},
    {R"tq({{ printf "%d %s" "str" 5 }})tq", kOk, R"tq(%!d(string=str) %!s(int=5))tq"},
    {R"tq({{ printf "%d" }} {{ printf "x" 1 2 }} {{ printf "%!" }})tq", kOk, R"tq(%!d(MISSING) x%!(EXTRA int=1, int=2) %!!(MISSING))tq"},
    {R"tq({{ printf "%v %v %v" .CommonLabels .GroupLabels.Names (index .Alerts 0).StartsAt }})tq", kOk, R"tq(map[alertname:X job:node] [alertname] 2024-01-02 03:04:05.123 +0000 UTC)tq"},
    {R"tq({{ printf "%s" .CommonLabels.Values }})tq", kOk, R"tq([X node])tq"},
    {R"tq({{ printf "%10.3s|" "abcdef" }})tq", kOk, R"tq(       abc|)tq"},
    {R"tq({{ printf "%+d %+d % d %+.1f" 5 -5 5 2.0 }})tq", kOk, R"tq(+5 -5  5 +2.0)tq"},
    {R"tq({{ printf "%t %v" true false }})tq", kOk, R"tq(true false)tq"},
    {R"tq({{ printf "%c %U %q" 65 65 66 }})tq", kOk, R"tq(A U+0041 'B')tq"},
    {R"tq({{ printf "%x %X % x" "hi" "hi" "hi" }})tq", kOk, R"tq(6869 6869 68 69)tq"},
    {R"tq({{ printf "%%" }} {{ printf "100%%" }})tq", kOk, R"tq(% 100%)tq"},
    {R"tq({{ printf "%T %T %T %T" 1 "a" 1.5 .CommonLabels }})tq", kOk, R"tq(int string float64 template.KV)tq"},
    {R"tq({{ printf "%s" nil }} {{ printf "%v" nil }} {{ printf "%d" nil }})tq", kOk, R"tq(%!s(<nil>) <nil> %!d(<nil>))tq"},
    {R"tq({{ printf "%6.2f|%-6.2f|%06.2f" 3.14159 3.14159 -3.14159 }})tq", kOk, R"tq(  3.14|3.14  |-03.14)tq"},
    {R"tq({{ printf "%v" 1e20 }} {{ printf "%v" 1e21 }} {{ printf "%v" 100000.0 }})tq", kOk, R"tq(1e+20 1e+21 100000)tq"},
    {R"tq({{ printf "%.3g %.10g %g" 1234.5678 1234.5678 100000000.0 }})tq", kOk, R"tq(1.23e+03 1234.5678 1e+08)tq"},
    {R"tq({{ printf "%s %s" .Status }})tq", kOk, R"tq(firing %!s(MISSING))tq"},
    {R"tq({{ printf "%*d|%-*d" 5 1 4 2 }})tq", kOk, R"tq(    1|2   )tq"},
    {R"tq({{ printf "%v" .Alerts.Firing }})tq", kOk, R"tq([{firing map[alertname:X instance:a:9100 job:node severity:critical] map[description:<b>hot</b> & "loud" summary:CPU high on a:9100] 2024-01-02 03:04:05.123 +0000 UTC 0001-01-01 00:00:00 +0000 UTC http://prom:9090/graph?g0.expr=up&g0.tab=1 6870b400b71613f1}])tq"},
    {R"tq({{ printf "%.1f%%" 99.95 }})tq", kOk, R"tq(100.0%)tq"},
    {R"tq({{ printf "%d items" (len .Alerts) }})tq", kOk, R"tq(2 items)tq"},
    {R"tq({{ print "a" "b" 1 2 "c" 3 true false }})tq", kOk, R"tq(ab1 2c3 true false)tq"},
    {R"tq({{ print 1 2 }}|{{ print "a" 1 }}|{{ print 1 "a" }})tq", kOk, R"tq(1 2|a1|1a)tq"},
    {R"tq({{ println "a" 1 "b" }}|)tq", kOk, R"tq(a 1 b
|)tq"},
    {R"tq({{ print }}|{{ println }}|)tq", kOk, R"tq(|
|)tq"},
    {R"tq({{ print .CommonLabels.SortedPairs }})tq", kOk, R"tq([{alertname X} {job node}])tq"},
    {R"tq({{ print 1.5 2.0 }})tq", kOk, R"tq(1.5 2)tq"},
    {R"tq({{ eq 1 1 }} {{ eq 1 2 }} {{ eq "a" "a" }} {{ eq .Status "resolved" "firing" }})tq", kOk, R"tq(true false true true)tq"},
    {R"tq({{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }})tq", kOk, R"tq(true true true true false)tq"},
    {R"tq({{ lt "a" "b" }} {{ gt "b" "abc" }} {{ lt 1.5 2.5 }})tq", kOk, R"tq(true true true)tq"},
    {R"tq({{ eq .CommonLabels.nope "" }})tq", kOk, R"tq(true)tq"},
    {R"tq({{ eq 1 "1" }})tq", kError, R"tq(template: :1:3: executing "" at <eq 1 "1">: error calling eq: incompatible types for comparison)tq"},
    {R"tq({{ lt 1 1.5 }})tq", kError, R"tq(template: :1:3: executing "" at <lt 1 1.5>: error calling lt: incompatible types for comparison)tq"},
    {R"tq({{ eq true true }} {{ eq false true }})tq", kOk, R"tq(true false)tq"},
    {R"tq({{ gt (len .CommonLabels) (len .GroupLabels) }})tq", kOk, R"tq(true)tq"},
    {R"tq({{ lt .Alerts 1 }})tq", kError, R"tq(template: :1:3: executing "" at <lt .Alerts 1>: error calling lt: invalid type for comparison)tq"},
    {R"tq({{ eq }})tq", kError, R"tq(template: :1:3: executing "" at <eq>: wrong number of args for eq: want at least 1 got 0)tq"},
    {R"tq({{ eq 1 }})tq", kError, R"tq(template: :1:3: executing "" at <eq 1>: error calling eq: missing argument for comparison)tq"},
    {R"tq({{ len "héllo" }} {{ len .CommonLabels }} {{ len (stringSlice) }})tq", kOk, R"tq(6 2 0)tq"},
    {R"tq({{ len 3 }})tq", kError, R"tq(template: :1:3: executing "" at <len 3>: error calling len: len of type int)tq"},
    {R"tq({{ index .Alerts 5 }})tq", kError, R"tq(template: :1:3: executing "" at <index .Alerts 5>: error calling index: index out of range: 5)tq"},
    {R"tq({{ index "abc" 1 }})tq", kOk, R"tq(98)tq"},
    {R"tq({{ slice "abcdef" 1 3 }} {{ slice "abcdef" 2 }} {{ slice "abc" }})tq", kOk, R"tq(bc cdef abc)tq"},
    {R"tq({{ slice (stringSlice "a" "b" "c") 1 }})tq", kOk, R"tq([b c])tq"},
    {R"tq({{ slice "abc" 2 1 }})tq", kError, R"tq(template: :1:3: executing "" at <slice "abc" 2 1>: error calling slice: invalid slice index: 2 > 1)tq"},
    {R"tq({{ index .CommonLabels 1 }})tq", kError, R"tq(template: :1:3: executing "" at <index .CommonLabels 1>: error calling index: value has type int; should be string)tq"},
    {R"tq({{ html "<a href=\"x\">&'</a>" }})tq", kOk, R"tq(&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;)tq"},
    {R"tq({{ js "it's \"q\" <b> & = \\ \n" }})tq", kOk, R"tq(it\'s \"q\" \u003Cb\u003E \u0026 \u003D \\ \u000A)tq"},
    {R"tq({{ urlquery "a b&c=d/é?" }})tq", kOk, R"tq(a+b%26c%3Dd%2F%C3%A9%3F)tq"},
    {R"tq({{ .Receiver | urlquery }})tq", kOk, R"tq(team-x%5C.pager)tq"},
    {R"tq({{ html 1 2 }} {{ urlquery "a" "b" }})tq", kOk, R"tq(1 2 ab)tq"},
    {R"tq({{ (index .Alerts 0).Annotations.description | html }})tq", kOk, R"tq(&lt;b&gt;hot&lt;/b&gt; &amp; &#34;loud&#34;)tq"},
    {R"tq({{ toUpper "abc Éé" }} {{ toLower "ABC Éé" }})tq", kOk, R"tq(ABC ÉÉ abc éé)tq"},
    {R"tq({{ title "hello world-foo_bar baz.qux" }})tq", kOk, R"tq(Hello World-Foo_bar Baz.qux)tq"},
    {R"tq({{ .Status | title }})tq", kOk, R"tq(Firing)tq"},
    {R"tq({{ join "," (stringSlice "a" "b" "c") }})tq", kOk, R"tq(a,b,c)tq"},
    {R"tq({{ .CommonLabels.Values | join " " }})tq", kOk, R"tq(X node)tq"},
    {R"tq({{ join "-" .GroupLabels.SortedPairs.Values }})tq", kOk, R"tq(X)tq"},
    {R"tq({{ match "^fir" .Status }} {{ match "ir" .Status }} {{ match "^ir" .Status }})tq", kOk, R"tq(true true false)tq"},
    {R"tq({{ if .CommonLabels.job | match "no|qa" }}m{{ end }})tq", kOk, R"tq(m)tq"},
    {R"tq({{ match "(" "x" }})tq", kError, R"tq(template: :1:3: executing "" at <match "(" "x">: error calling match: error parsing regexp: missing closing ): `(`)tq"},
    {R"tq({{ reReplaceAll "g0.tab=1" "g0.tab=0" (index .Alerts 0).GeneratorURL }})tq", kOk, R"tq(http://prom:9090/graph?g0.expr=up&g0.tab=0)tq"},
    {R"tq({{ reReplaceAll ":\\d+$" "" "host:9100" }})tq", kOk, R"tq(host)tq"},
    {R"tq({{ reReplaceAll "(\\w+)@(\\w+)" "$2 at $1" "joe@example" }})tq", kOk, R"tq(example at joe)tq"},
    {R"tq({{ reReplaceAll "(?P<u>\\w+)@" "${u}_" "joe@x" }} {{ reReplaceAll "a" "$$" "banana" }} {{ reReplaceAll "(a)" "$1x" "banana" }} {{ reReplaceAll "(a)" "${1}x" "banana" }})tq", kOk, R"tq(joe_x b$n$n$ bnn baxnaxnax)tq"},
    {R"tq({{ reReplaceAll "x*" "-" "abc" }})tq", kOk, R"tq(-a-b-c-)tq"},
    {R"tq({{ reReplaceAll " +" "%20" "a  b c" }})tq", kOk, R"tq(a%20b%20c)tq"},
    {R"tq({{ safeHtml "<b>" }})tq", kOk, R"tq(<b>)tq"},
    {R"tq({{ stringSlice "a" "b" }})tq", kOk, R"tq([a b])tq"},
    {R"tq({{ toUpper 5 }})tq", kErrorAny, R"tq(template: :1:11: executing "" at <5>: expected string; found 5)tq"},
    {R"tq({{ join "," "abc" }})tq", kErrorAny, R"tq(template: :1:12: executing "" at <"abc">: can't handle "abc" for arg of type []string)tq"},
    {R"tq({{ define "t1" }}T1[{{ . }}]{{ end }}{{ template "t1" "arg" }})tq", kOk, R"tq(T1[arg])tq"},
    {R"tq({{ define "t2" }}[{{ .Status }}]{{ end }}{{ template "t2" . }})tq", kOk, R"tq([firing])tq"},
    {R"tq({{ define "t3" }}{{ . }}{{ end }}{{ template "t3" }})tq", kOk, R"tq(<no value>)tq"},
    {R"tq({{ block "b1" .Status }}block:{{ . }}{{ end }})tq", kOk, R"tq(block:firing)tq"},
    {R"tq({{ template "nope" . }})tq", kError, R"tq(template: :1:12: executing "" at <{{template "nope" .}}>: template "nope" not defined)tq"},
    {R"tq({{ define "v" }}{{ $x := 1 }}{{ $x }}{{ end }}{{ $x := 2 }}{{ template "v" }}{{ $x }})tq", kOk, R"tq(12)tq"},
    {R"tq({{ template "__subject" . }})tq", kOk, R"tq([FIRING:1] X (node))tq"},
    {R"tq({{ template "slack.default.title" . }}|{{ template "slack.default.titlelink" . }})tq", kOk, R"tq([FIRING:1] X (node)|http://am.example:9093/#/alerts?receiver=team-x%5C.pager)tq"},
    {R"tq({{ template "slack.default.fallback" . }})tq", kOk, R"tq([FIRING:1] X (node) | http://am.example:9093/#/alerts?receiver=team-x%5C.pager)tq"},
    {R"tq({{ template "slack.default.color" . }})tq", kOk, R"tq(danger)tq"},
    {R"tq({{ template "opsgenie.default.description" . }})tq", kOk, R"tq(
Alerts Firing:
Labels:
 - alertname = X
 - instance = a:9100
 - job = node
 - severity = critical
Annotations:
 - description = <b>hot</b> & "loud"
 - summary = CPU high on a:9100
Source: http://prom:9090/graph?g0.expr=up&g0.tab=1

Alerts Resolved:
Labels:
 - alertname = X
 - instance = b:9100
 - job = node
 - severity = warning
Annotations:
 - summary = CPU high on b:9100
Source: http://prom:9090/graph?g0.expr=up
)tq"},
    {R"tq({{ template "pagerduty.default.instances" .Alerts.Firing }})tq", kOk, R"tq(Labels:
 - alertname = X
 - instance = a:9100
 - job = node
 - severity = critical
Annotations:
 - description = <b>hot</b> & "loud"
 - summary = CPU high on a:9100
Source: http://prom:9090/graph?g0.expr=up&g0.tab=1
)tq"},
    {R"tq({{ template "__text_alert_list_markdown" .Alerts }})tq", kOk, R"tq(
Labels:
  - alertname = X
  - instance = a:9100
  - job = node
  - severity = critical

Annotations:
  - description = <b>hot</b> & "loud"
  - summary = CPU high on a:9100

Source: http://prom:9090/graph?g0.expr=up&g0.tab=1

Labels:
  - alertname = X
  - instance = b:9100
  - job = node
  - severity = warning

Annotations:
  - summary = CPU high on b:9100

Source: http://prom:9090/graph?g0.expr=up

)tq"},
    {R"tq({{ template "wechat.default.message" . }})tq", kOk, R"tq([FIRING:1] X (node)

Alerts Firing:
Labels:
 - alertname = X
 - instance = a:9100
 - job = node
 - severity = critical
Annotations:
 - description = <b>hot</b> & "loud"
 - summary = CPU high on a:9100
Source: http://prom:9090/graph?g0.expr=up&g0.tab=1

Alerts Resolved:
Labels:
 - alertname = X
 - instance = b:9100
 - job = node
 - severity = warning
Annotations:
 - summary = CPU high on b:9100
Source: http://prom:9090/graph?g0.expr=up

AlertmanagerUrl:
http://am.example:9093/#/alerts?receiver=team-x%5C.pager)tq"},
    {R"tq({{ template "pushover.default.message" . }})tq", kOk, R"tq(

Alerts Firing:
Labels:
 - alertname = X
 - instance = a:9100
 - job = node
 - severity = critical
Annotations:
 - description = <b>hot</b> & "loud"
 - summary = CPU high on a:9100
Source: http://prom:9090/graph?g0.expr=up&g0.tab=1



Alerts Resolved:
Labels:
 - alertname = X
 - instance = b:9100
 - job = node
 - severity = warning
Annotations:
 - summary = CPU high on b:9100
Source: http://prom:9090/graph?g0.expr=up


)tq"},
    {R"tq({{ template "telegram.default.message" . }})tq", kOk, R"tq(

Alerts Firing:
Labels:
 - alertname = X
 - instance = a:9100
 - job = node
 - severity = critical
Annotations:
 - description = <b>hot</b> & "loud"
 - summary = CPU high on a:9100
Source: http://prom:9090/graph?g0.expr=up&g0.tab=1



Alerts Resolved:
Labels:
 - alertname = X
 - instance = b:9100
 - job = node
 - severity = warning
Annotations:
 - summary = CPU high on b:9100
Source: http://prom:9090/graph?g0.expr=up


)tq"},
    {R"tq({{ template "msteams.default.text" . }})tq", kOk, R"tq(

# Alerts Firing:

Labels:
  - alertname = X
  - instance = a:9100
  - job = node
  - severity = critical

Annotations:
  - description = <b>hot</b> & "loud"
  - summary = CPU high on a:9100

Source: http://prom:9090/graph?g0.expr=up&g0.tab=1




# Alerts Resolved:

Labels:
  - alertname = X
  - instance = b:9100
  - job = node
  - severity = warning

Annotations:
  - summary = CPU high on b:9100

Source: http://prom:9090/graph?g0.expr=up



)tq"},
    {R"tq({{ template "jira.default.priority" . }})tq", kOk, R"tq(High)tq"},
    {R"tq({{ template "victorops.default.state_message" . }})tq", kOk, R"tq(
Alerts Firing:
Labels:
 - alertname = X
 - instance = a:9100
 - job = node
 - severity = critical
Annotations:
 - description = <b>hot</b> & "loud"
 - summary = CPU high on a:9100
Source: http://prom:9090/graph?g0.expr=up&g0.tab=1

Alerts Resolved:
Labels:
 - alertname = X
 - instance = b:9100
 - job = node
 - severity = warning
Annotations:
 - summary = CPU high on b:9100
Source: http://prom:9090/graph?g0.expr=up
)tq"},
    {R"tq({{ template "mattermost.default.fallback" . }})tq", kOk, R"tq([FIRING:1] X (node) | http://am.example:9093/#/alerts?receiver=team-x%5C.pager)tq"},
    {R"tq({{ template "__alertmanager" . }}{{ template "__description" . }})tq", kOk, R"tq(Alertmanager)tq"},
    {R"tq({{ printf "%#v %#v" 5 "x" }})tq", kOk, R"tq(5 "x")tq"},
    {R"tq({{ "abc" | printf "%s-%s" "x" }})tq", kOk, R"tq(x-abc)tq"},
    {R"tq({{ .Status | printf "%q" | len }})tq", kOk, R"tq(8)tq"},
    {R"tq({{ (len .Alerts) }} {{ (index .Alerts 0).Labels.job }})tq", kOk, R"tq(2 node)tq"},
    {R"tq({{ ("abc") }})tq", kOk, R"tq(abc)tq"},
    {R"tq({{ (.CommonLabels).job }})tq", kOk, R"tq(node)tq"},
    {R"tq({{ . | printf "%T" }})tq", kOk, R"tq(*template.Data)tq"},
    {R"tq({{ .Foo }})tq", kError, R"tq(template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type *template.Data)tq"},
    {R"tq({{ .Status.Foo }})tq", kError, R"tq(template: :1:10: executing "" at <.Status.Foo>: can't evaluate field Foo in type string)tq"},
    {R"tq({{ nosuchfunc 1 }})tq", kError, R"tq(template: :1: function "nosuchfunc" not defined)tq"},
    {R"tq({{ if }}{{ end }})tq", kError, R"tq(template: :1: missing value for if)tq"},
    {R"tq({{ end }})tq", kError, R"tq(template: :1: unexpected {{end}})tq"},
    {R"tq({{ if true }}x)tq", kError, R"tq(template: :1: unexpected EOF)tq"},
    {R"tq({{ $undefined }})tq", kError, R"tq(template: :1: undefined variable "$undefined")tq"},
    {R"tq({{ "a" "b" }})tq", kError, R"tq(template: :1:3: executing "" at <"a">: can't give argument to non-function "a")tq"},
    {R"tq({{ .Status | "x" }})tq", kError, R"tq(template: :1: non executable command in pipeline stage 2)tq"},
    {R"tq({{ 1 })tq", kError, R"tq(template: :1: unexpected "}" in operand)tq"},
    {R"tq(line1
line2 {{ .Alerts.Nope }})tq", kError, R"tq(template: :2:16: executing "" at <.Alerts.Nope>: can't evaluate field Nope in type template.Alerts)tq"},
    {R"tq({{ (index .Alerts 0).Labels.Foo.Bar }}|)tq", kErrorAny, R"tq(template: :1:18: executing "" at <0>: can't evaluate field Bar in type string)tq"},
    {R"tq({{ .Receiver 1 }})tq", kError, R"tq(template: :1:3: executing "" at <.Receiver>: Receiver has arguments but cannot be invoked as function)tq"},
    {R"tq({{ break }})tq", kError, R"tq(template: :1: {{break}} outside {{range}})tq"},
    {R"tq({{ nil }})tq", kError, R"tq(template: :1:3: executing "" at <nil>: nil is not a command)tq"},
    {R"tq({{/* unclosed)tq", kError, R"tq(template: :1: unclosed comment)tq"},
    {R"tq({{ "unterminated }})tq", kError, R"tq(template: :1: unterminated quoted string)tq"},
    {R"tq({{ .CommonLabels.SortedPairs 1 }})tq", kError, R"tq(template: :1:16: executing "" at <.CommonLabels.SortedPairs>: wrong number of args for SortedPairs: want 0 got 1)tq"},
    {R"tq({{ template "x" }}{{ define "x" }}{{ .Nope }}{{ end }})tq", kOk, R"tq(<no value>)tq"},
    {R"tq({{ index nil 1 }})tq", kError, R"tq(template: :1:3: executing "" at <index nil 1>: error calling index: index of untyped nil)tq"},
    {R"tq({{ printf }})tq", kError, R"tq(template: :1:3: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0)tq"},
  };
  return cases;
}

}  // namespace overlord::tmpl::testing
