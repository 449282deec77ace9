// Overlord's default named templates (spec 13.3).
//
// These are written for Overlord; the names, which template calls which (so that a user
// redefining e.g. "__subject" changes every title), and the rendered strings are the
// compatibility contract with Alertmanager's defaults. Whitespace is spelled out with
// {{ "\n" }} and trim markers so the exact output is visible in the source.
#include "template/default_templates.h"

namespace overlord::tmpl {
namespace {

constexpr std::string_view kDefaults = R"tmpl(
{{/* ---- shared building blocks ---- */}}
{{- define "__alertmanager" -}} Alertmanager {{- end -}}

{{- define "__alertmanagerURL" -}}
  {{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}
{{- end -}}

{{- /* "[FIRING:2] X (node)": status, firing count, group label values, then the common
       labels that are not group labels, in parentheses. The space before "(" is always
       written, hence the trailing space when there is nothing extra. */ -}}
{{- define "__subject" -}}
  [{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}]
  {{- " " }}{{ join " " .GroupLabels.SortedPairs.Values }}{{ " " }}
  {{- if gt (len .CommonLabels) (len .GroupLabels) -}}
    ({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ join " " .Values }}{{ end }})
  {{- end -}}
{{- end -}}

{{- define "__description" -}}{{- end -}}

{{- define "__text_alert_list" -}}
  {{- range . -}}
    Labels:{{ "\n" }}
    {{- range .Labels.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
    Annotations:{{ "\n" }}
    {{- range .Annotations.SortedPairs }}{{ printf " - %s = %s\n" .Name .Value }}{{ end -}}
    Source: {{ .GeneratorURL }}{{ "\n" }}
  {{- end -}}
{{- end -}}

{{- define "__text_alert_list_markdown" -}}
  {{- range . -}}
    {{ "\n" }}Labels:{{ "\n" }}
    {{- range .Labels.SortedPairs }}{{ printf "  - %s = %s\n" .Name .Value }}{{ end -}}
    {{ "\n" }}Annotations:{{ "\n" }}
    {{- range .Annotations.SortedPairs }}{{ printf "  - %s = %s\n" .Name .Value }}{{ end -}}
    {{ "\n" }}Source: {{ .GeneratorURL }}{{ "\n" }}
  {{- end -}}
  {{ "\n" }}
{{- end -}}

{{/* ---- Slack ---- */}}
{{- define "slack.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end -}}
{{- define "slack.default.fallback" -}}
  {{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}
{{- end -}}
{{- define "slack.default.callbackid" }}{{ end -}}
{{- define "slack.default.pretext" }}{{ end -}}
{{- define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end -}}
{{- define "slack.default.iconemoji" }}{{ end -}}
{{- define "slack.default.iconurl" }}{{ end -}}
{{- define "slack.default.text" }}{{ end -}}
{{- define "slack.default.footer" }}{{ end -}}
{{- define "slack.default.color" -}}
  {{ if eq .Status "firing" }}danger{{ else }}good{{ end }}
{{- end -}}

{{/* ---- PagerDuty ---- */}}
{{- define "pagerduty.default.description" }}{{ template "__subject" . }}{{ end -}}
{{- define "pagerduty.default.client" }}{{ template "__alertmanager" . }}{{ end -}}
{{- define "pagerduty.default.clientURL" }}{{ template "__alertmanagerURL" . }}{{ end -}}
{{- define "pagerduty.default.instances" }}{{ template "__text_alert_list" . }}{{ end -}}

{{/* ---- OpsGenie: common annotations, a newline, the firing block, a newline, the
       resolved block. ---- */}}
{{- define "opsgenie.default.message" }}{{ template "__subject" . }}{{ end -}}
{{- define "opsgenie.default.description" -}}
  {{ join " " .CommonAnnotations.SortedPairs.Values }}{{ "\n" }}
  {{- with .Alerts.Firing }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end -}}
{{- end -}}
{{- define "opsgenie.default.source" }}{{ template "__alertmanagerURL" . }}{{ end -}}

{{/* ---- WeChat ---- */}}
{{- define "wechat.default.message" -}}
  {{ template "__subject" . }}{{ "\n" }}
  {{- join " " .CommonAnnotations.SortedPairs.Values }}{{ "\n" }}
  {{- with .Alerts.Firing }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end -}}
  {{ "\n" }}AlertmanagerUrl:{{ "\n" }}{{ template "__alertmanagerURL" . }}
{{- end -}}
{{- define "wechat.default.to_user" }}{{ end -}}
{{- define "wechat.default.to_party" }}{{ end -}}
{{- define "wechat.default.to_tag" }}{{ end -}}
{{- define "wechat.default.agent_id" }}{{ end -}}

{{/* ---- VictorOps ---- */}}
{{- define "victorops.default.state_message" -}}
  {{ join " " .CommonAnnotations.SortedPairs.Values }}{{ "\n" }}
  {{- with .Alerts.Firing }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ end -}}
{{- end -}}
{{- define "victorops.default.entity_display_name" }}{{ template "__subject" . }}{{ end -}}
{{- define "victorops.default.monitoring_tool" }}{{ template "__alertmanager" . }}{{ end -}}

{{/* ---- Pushover, SNS, Webex: annotations line, then blank-line separated blocks ---- */}}
{{- define "pushover.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "pushover.default.message" -}}
  {{ join " " .CommonAnnotations.SortedPairs.Values }}{{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}
{{- define "pushover.default.url" }}{{ template "__alertmanagerURL" . }}{{ end -}}

{{- define "sns.default.subject" }}{{ template "__subject" . }}{{ end -}}
{{- define "sns.default.message" -}}
  {{ join " " .CommonAnnotations.SortedPairs.Values }}{{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{- define "webex.default.message" -}}
  {{ join " " .CommonAnnotations.SortedPairs.Values }}{{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{/* ---- Telegram, Discord ---- */}}
{{- define "telegram.default.message" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{- define "discord.default.content" }}{{ end -}}
{{- define "discord.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "discord.default.message" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}Alerts Firing:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{/* ---- Markdown bodies: MS Teams, Jira, Mattermost ---- */}}
{{- define "msteams.default.summary" }}{{ template "__subject" . }}{{ end -}}
{{- define "msteams.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "msteams.default.text" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}# Alerts Firing:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}# Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{- define "msteamsv2.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "msteamsv2.default.text" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}# Alerts Firing:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}# Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{- define "jira.default.summary" }}{{ template "__subject" . }}{{ end -}}
{{- define "jira.default.description" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}# Alerts Firing:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}# Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{- /* The highest severity among firing alerts (critical > warning > info), falling back
       to the resolved alerts when no firing alert has a known severity. */ -}}
{{- define "jira.default.priority" -}}
  {{- $priority := "" -}}
  {{- range $group := list .Alerts.Firing .Alerts.Resolved -}}
    {{- if not $priority -}}
      {{- range $group -}}
        {{- $sev := .Labels.severity -}}
        {{- if eq $sev "critical" -}}
          {{- $priority = "High" -}}
        {{- else if and (eq $sev "warning") (ne $priority "High") -}}
          {{- $priority = "Medium" -}}
        {{- else if and (eq $sev "info") (not $priority) -}}
          {{- $priority = "Low" -}}
        {{- end -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
  {{- $priority -}}
{{- end -}}

{{/* ---- Rocket.Chat ---- */}}
{{- define "rocketchat.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "rocketchat.default.alias" }}{{ template "__alertmanager" . }}{{ end -}}
{{- define "rocketchat.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end -}}
{{- define "rocketchat.default.emoji" }}{{ end -}}
{{- define "rocketchat.default.iconurl" }}{{ end -}}
{{- define "rocketchat.default.text" }}{{ end -}}

{{/* ---- Mattermost ---- */}}
{{- define "mattermost.default.color" -}}
  {{ if eq .Status "firing" }}danger{{ else }}good{{ end }}
{{- end -}}
{{- define "mattermost.default.username" }}{{ template "__alertmanager" . }}{{ end -}}
{{- define "mattermost.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "mattermost.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end -}}
{{- define "mattermost.default.fallback" -}}
  {{ template "mattermost.default.title" . }} | {{ template "mattermost.default.titlelink" . }}
{{- end -}}
{{- define "mattermost.default.text" -}}
  {{ "\n" }}
  {{- with .Alerts.Firing }}{{ "\n" }}# Alerts Firing:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
  {{- with .Alerts.Resolved }}{{ "\n" }}# Alerts Resolved:{{ "\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\n" }}{{ end -}}
  {{ "\n" }}
{{- end -}}

{{/* ---- Email ---- */}}
{{- define "email.default.subject" }}{{ template "__subject" . }}{{ end -}}
)tmpl";

}  // namespace

std::string_view DefaultTemplatesText() { return kDefaults; }

}  // namespace overlord::tmpl
