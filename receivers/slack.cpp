#include "receivers/slack.h"

#include <vector>

#include "model/json_writer.h"
#include "model/labels.h"
#include "receivers/retry_after.h"
#include "receivers/secret_file.h"
#include "receivers/status_check.h"
#include "receivers/template_context.h"
#include "receivers/truncate.h"

namespace overlord {

namespace {

constexpr std::size_t kMaxTitleRunes = 1024;

// Writes `key` only when `value` is non-empty (Go's `omitempty` on a string).
void OptionalString(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.Key(key).String(value);
}

struct RenderedField {
  std::string title, value;
  bool short_ = false;
};

struct RenderedAction {
  std::string type, text, url, style, name, value;
  std::optional<config::SlackConfirm> confirm;
};

}  // namespace

Result<SlackMessage> RenderSlackMessage(const config::SlackConfig& config,
                                        const TemplateSet& templates,
                                        const Notification& notification) {
  FieldRenderer render(templates, notification);
  // Rendered in Alertmanager's order so the same template error is reported first.
  const std::string title = TruncateRunes(render(config.title), kMaxTitleRunes).text;
  const std::string title_link = render(config.title_link);
  const std::string pretext = render(config.pretext);
  const std::string text = render(config.text);
  const std::string fallback = render(config.fallback);
  const std::string callback_id = render(config.callback_id);
  const std::string image_url = render(config.image_url);
  const std::string thumb_url = render(config.thumb_url);
  const std::string footer = render(config.footer);
  const std::string color = render(config.color);

  std::vector<RenderedField> fields;
  for (const config::SlackField& f : config.fields) {
    fields.push_back({render(f.title), render(f.value), f.short_.value_or(config.short_fields)});
  }
  std::vector<RenderedAction> actions;
  for (const config::SlackAction& a : config.actions) {
    RenderedAction r{render(a.type), render(a.text),  render(a.url), render(a.style),
                     render(a.name), render(a.value), std::nullopt};
    if (a.confirm) {
      config::SlackConfirm c;
      c.title = render(a.confirm->title);
      c.text = render(a.confirm->text);
      c.ok_text = render(a.confirm->ok_text);
      c.dismiss_text = render(a.confirm->dismiss_text);
      r.confirm = std::move(c);
    }
    actions.push_back(std::move(r));
  }

  SlackMessage message;
  message.channel = render(config.channel);
  const std::string username = render(config.username);
  const std::string icon_emoji = render(config.icon_emoji);
  const std::string icon_url = render(config.icon_url);
  if (render.failed()) return Error{render.error()};

  // Key order and omitempty follow Alertmanager's request/attachment structs.
  JsonWriter w;
  w.BeginObject();
  OptionalString(w, "channel", message.channel);
  OptionalString(w, "username", username);
  OptionalString(w, "icon_emoji", icon_emoji);
  OptionalString(w, "icon_url", icon_url);
  if (config.link_names) w.Key("link_names").Bool(true);
  w.Key("attachments").BeginArray().BeginObject();
  OptionalString(w, "title", title);
  OptionalString(w, "title_link", title_link);
  OptionalString(w, "pretext", pretext);
  w.Key("text").String(text);
  w.Key("fallback").String(fallback);
  w.Key("callback_id").String(callback_id);
  if (!fields.empty()) {
    w.Key("fields").BeginArray();
    for (const RenderedField& f : fields) {
      w.BeginObject();
      OptionalString(w, "title", f.title);
      OptionalString(w, "value", f.value);
      w.Key("short").Bool(f.short_);  // always set, so never omitted
      w.EndObject();
    }
    w.EndArray();
  }
  if (!actions.empty()) {
    w.Key("actions").BeginArray();
    for (const RenderedAction& a : actions) {
      w.BeginObject();
      OptionalString(w, "type", a.type);
      OptionalString(w, "text", a.text);
      OptionalString(w, "url", a.url);
      OptionalString(w, "style", a.style);
      OptionalString(w, "name", a.name);
      OptionalString(w, "value", a.value);
      if (a.confirm) {
        w.Key("confirm").BeginObject();
        OptionalString(w, "text", a.confirm->text);
        OptionalString(w, "title", a.confirm->title);
        OptionalString(w, "ok_text", a.confirm->ok_text);
        OptionalString(w, "dismiss_text", a.confirm->dismiss_text);
        w.EndObject();
      }
      w.EndObject();
    }
    w.EndArray();
  }
  OptionalString(w, "image_url", image_url);
  OptionalString(w, "thumb_url", thumb_url);
  w.Key("footer").String(footer);
  OptionalString(w, "color", color);
  // An empty list falls back to Alertmanager's default, so the key is always written.
  static const std::vector<std::string> kDefaultMrkdwnIn = {"fallback", "pretext", "text"};
  w.Key("mrkdwn_in").BeginArray();
  for (const std::string& m : config.mrkdwn_in.empty() ? kDefaultMrkdwnIn : config.mrkdwn_in) {
    w.String(m);
  }
  w.EndArray();
  w.EndObject().EndArray();
  w.EndObject();
  message.body = w.Take() + "\n";  // json.Encoder terminates each value with a newline
  return message;
}

SlackIntegration::SlackIntegration(config::SlackConfig config, int index,
                                   const TemplateSet& templates, const Clock& clock,
                                   HttpExchangeObserver observer)
    : config_(std::move(config)),
      index_(index),
      templates_(templates),
      clock_(clock),
      client_(config_.http_config, clock, std::move(observer)) {}

SendResult SlackIntegration::Send(const Notification& notification, Time deadline) {
  Result<SlackMessage> message = RenderSlackMessage(config_, templates_, notification);
  if (!message.ok()) return TemplateFailure(message.error());

  HttpRequest request;
  request.url = config_.api_url.value;
  if (request.url.empty() && !config_.api_url_file.empty()) {
    // The loader reads api_url_file; reading it again keeps a rotated file working.
    auto url = ReadSecretFile(config_.api_url_file, "slack api url");
    if (!url.ok()) {
      SendResult result;
      result.error = url.error();
      return result;
    }
    request.url = std::move(*url);
  }
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(message->body);
  request.deadline = deadline;
  request.redact_url = true;  // the webhook URL is the credential
  const HttpResponse response = client_.Do(request);
  SendResult result = ClassifyResponse(response);  // 5xx only: Slack's 429 is not retried
  if (!result.ok && response.error.empty()) {
    // Alertmanager names the channel in status errors, never the URL.
    result.error = "channel " + GoQuote(message->channel) + ": " + result.error;
    result.retry_after = ParseRetryAfter(response.retry_after, clock_.Now());
  }
  return result;
}

}  // namespace overlord
