#include "api/alert_codec.h"

#include <nlohmann/json.hpp>

#include <vector>

#include "api/postable_alerts_reader.h"
#include "model/json_writer.h"

namespace overlord::api {
namespace {

using nlohmann::json;

std::string SchemaError(int code, const std::string& message) {
  // Messages may quote invalid UTF-8 from the request: replace it rather than throw.
  return json{{"code", code}, {"message", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ParseFailure(const std::string& why) {
  return SchemaError(400, "parsing alerts body from \"\" failed, because " + why);
}

// Reads a string map field; returns false with a decoder-style message on a type error.
bool ReadStringMap(const json& obj, const char* field, std::size_t index, LabelSet* out,
                   std::string* error) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_object()) {
    *error = "json: cannot unmarshal " + std::string(it->type_name()) + " into field " +
             std::to_string(index) + "." + field + " of type map[string]string";
    return false;
  }
  std::vector<Label> pairs;
  pairs.reserve(it->size());
  for (const auto& [name, value] : it->items()) {
    if (!value.is_string()) {
      *error = "json: cannot unmarshal " + std::string(value.type_name()) + " into field " +
               std::to_string(index) + "." + field + "." + name + " of type string";
      return false;
    }
    pairs.push_back({name, value.get_ref<const std::string&>()});
  }
  *out = LabelSet::FromUnsorted(pairs);
  return true;
}

// Reads an optional date-time; kZeroTime when absent.
bool ReadTime(const json& obj, const char* field, std::size_t index, Time* out, int* status,
              std::string* error) {
  *out = kZeroTime;
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return true;
  std::string where = std::to_string(index) + "." + field;
  if (!it->is_string()) {
    *status = 400;
    *error = "json: cannot unmarshal " + std::string(it->type_name()) + " into field " + where +
             " of type date-time";
    return false;
  }
  Result<Time> t = ParseRFC3339(it->get_ref<const std::string&>());
  if (!t.ok()) {
    *status = 422;
    *error = where + " in body must be of type date-time: \"" + it->get<std::string>() + "\"";
    return false;
  }
  *out = *t;
  return true;
}

std::string ValidateLabels(const LabelSet& labels, const AlertLimits& limits, const char* what) {
  if (labels.size() > limits.max_labels) {
    return std::string("too many ") + what + ": " + std::to_string(labels.size()) + " (limit " +
           std::to_string(limits.max_labels) + ")";
  }
  for (const auto& l : labels) {
    if (l.name.size() > limits.max_name_bytes) {
      return std::string(what) + " name longer than " + std::to_string(limits.max_name_bytes) +
             " bytes";
    }
    if (l.value.size() > limits.max_value_bytes) {
      return std::string(what) + " " + GoQuote(l.name) + " has a value longer than " +
             std::to_string(limits.max_value_bytes) + " bytes";
    }
  }
  return "";
}

std::string ValidateAlert(const Alert& a, const AlertLimits& limits) {
  if (IsZero(a.starts_at)) return "start time missing";
  if (!IsZero(a.ends_at) && a.ends_at < a.starts_at) return "start time must be before end time";
  if (a.labels.empty()) return "at least one label pair required";
  for (const auto& l : a.labels) {
    bool ok = limits.classic_label_names ? IsClassicLabelName(l.name) : !l.name.empty();
    if (!ok) return "invalid label set: invalid name " + GoQuote(l.name);
  }
  if (std::string e = ValidateLabels(a.labels, limits, "labels"); !e.empty()) return e;
  // Posted alerts are plain, so this shares the block.
  const LabelSet annotations = a.annotations.Expand(a.labels);
  if (annotations.size() > limits.max_annotations) {
    return "too many annotations: " + std::to_string(annotations.size()) + " (limit " +
           std::to_string(limits.max_annotations) + ")";
  }
  if (std::string e = ValidateLabels(annotations, limits, "annotations"); !e.empty()) return e;
  for (const auto& l : annotations) {
    bool ok = limits.classic_label_names ? IsClassicLabelName(l.name) : !l.name.empty();
    if (!ok) {
      return "invalid annotations: invalid name " + GoQuote(l.name);
    }
  }
  if (a.generator_url.size() > limits.max_value_bytes) return "generatorURL too long";
  return "";
}

// The exact path: a DOM, checked in go-swagger's order, with Alertmanager's error texts.
// Returns 0 and fills `parsed`, or the HTTP status with the body in `fatal_body`.
int ReadWithDom(std::string_view body, const AlertLimits& limits, std::vector<Alert>* parsed,
                std::string* fatal_body) {
  auto fatal = [&](int status, std::string message) {
    *fatal_body = std::move(message);
    return status;
  };
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // Find the position for a useful message without exceptions on the hot path above.
    try {
      json ignored = json::parse(body);
      (void)ignored;
    } catch (const json::parse_error& e) {
      return fatal(400, ParseFailure(e.what()));
    }
    return fatal(400, ParseFailure("invalid JSON"));
  }
  if (!doc.is_array()) {
    return fatal(400, ParseFailure("json: cannot unmarshal " + std::string(doc.type_name()) +
                                   " into Go value of type models.PostableAlerts"));
  }
  if (doc.size() > limits.max_alerts_per_request) {
    return fatal(413, SchemaError(413, "too many alerts in one request: " +
                                           std::to_string(doc.size()) + " (limit " +
                                           std::to_string(limits.max_alerts_per_request) + ")"));
  }

  // Schema first, for the whole request, as go-swagger binds before the handler runs.
  parsed->reserve(doc.size());
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& item = doc[i];
    if (!item.is_object()) {
      return fatal(400, ParseFailure("json: cannot unmarshal " + std::string(item.type_name()) +
                                     " into Go value of type models.PostableAlert"));
    }
    auto labels = item.find("labels");
    if (labels == item.end() || labels->is_null()) {
      return fatal(422, SchemaError(602, std::to_string(i) + ".labels in body is required"));
    }
    Alert a;
    std::string error;
    int status = 400;
    LabelSet annotations;
    if (!ReadStringMap(item, "labels", i, &a.labels, &error) ||
        !ReadStringMap(item, "annotations", i, &annotations, &error)) {
      return fatal(400, ParseFailure(error));
    }
    a.annotations = std::move(annotations);
    if (!ReadTime(item, "startsAt", i, &a.starts_at, &status, &error) ||
        !ReadTime(item, "endsAt", i, &a.ends_at, &status, &error)) {
      return fatal(status, status == 400 ? ParseFailure(error) : SchemaError(601, error));
    }
    if (auto g = item.find("generatorURL"); g != item.end() && !g->is_null()) {
      if (!g->is_string()) {
        return fatal(400, ParseFailure("json: cannot unmarshal " + std::string(g->type_name()) +
                                       " into field " + std::to_string(i) +
                                       ".generatorURL of type strfmt.URI"));
      }
      const std::string& url = g->get_ref<const std::string&>();
      if (!IsOpenApiUri(url)) {
        return fatal(422, SchemaError(601, std::to_string(i) +
                                               ".generatorURL in body must be of type uri: \"" +
                                               url + "\""));
      }
      a.generator_url =
          SharedText::Reuse(parsed->empty() ? SharedText() : parsed->back().generator_url, url);
    }
    parsed->push_back(std::move(a));
  }
  return 0;
}

}  // namespace

DecodedAlerts DecodePostableAlerts(std::string_view body, Time now, Duration resolve_timeout,
                                   const AlertLimits& limits) {
  DecodedAlerts out;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.fatal_status = 422;
    out.fatal_body = SchemaError(602, "alerts in body is required");
    return out;
  }
  // The streaming reader takes well-formed bodies; anything it does not take is decoded
  // again through the DOM, which finds the error and words it as Alertmanager does.
  std::vector<Alert> parsed;
  if (std::optional<std::vector<Alert>> fast =
          ReadPostableAlerts(body, limits.max_alerts_per_request)) {
    parsed = std::move(*fast);
  } else if (int status = ReadWithDom(body, limits, &parsed, &out.fatal_body); status != 0) {
    out.fatal_status = status;
    return out;
  }

  for (std::size_t i = 0; i < parsed.size(); ++i) {
    Alert& a = parsed[i];
    // Empty label values mean "no such label" (spec 1.1).
    std::vector<std::string> empty;
    for (const auto& l : a.labels) {
      if (l.value.empty()) empty.emplace_back(l.name);
    }
    for (const std::string& name : empty) a.labels.Erase(name);

    a.updated_at = now;
    if (IsZero(a.starts_at)) a.starts_at = IsZero(a.ends_at) ? now : a.ends_at;
    if (IsZero(a.ends_at)) {
      a.ends_at = now + resolve_timeout;
      a.timeout = true;
    }
    if (a.ends_at > now) {
      ++out.received_firing;
    } else {
      ++out.received_resolved;
    }
    if (std::string e = ValidateAlert(a, limits); !e.empty()) {
      // Name the alert, but never echo a huge label set back in full.
      std::string labels = a.labels.ToString();
      if (labels.size() > 200) labels = labels.substr(0, 200) + "…}";
      out.errors.push_back(std::to_string(i) + " " + labels + ": " + e);
      continue;
    }
    out.valid.push_back(std::move(a));
  }
  return out;
}

void AppendGettableAlert(std::string& out, const AlertView& v, std::string& scratch) {
  auto strings = [&](const auto& items) {
    out += '[';
    bool first = true;
    for (std::string_view item : items) {
      if (!first) out += ',';
      first = false;
      AppendGoJsonString(out, item);
    }
    out += ']';
  };
  auto time = [&](std::string_view key, Time t) {
    out += key;
    out += '"';
    AppendRFC3339Millis(out, t);
    out += '"';
  };
  const Alert& alert = *v.alert;
  out += "{\"annotations\":{";
  bool first_annotation = true;
  alert.annotations.ForEachExpanded(alert.labels, scratch,
                                    [&](std::string_view name, std::string_view value) {
                                      if (!first_annotation) out += ',';
                                      first_annotation = false;
                                      AppendGoJsonString(out, name);
                                      out += ':';
                                      AppendGoJsonString(out, value);
                                    });
  out += '}';
  time(",\"endsAt\":", alert.ends_at);
  out += ",\"fingerprint\":\"";
  AppendFingerprint(out, v.fingerprint);
  out += "\",\"receivers\":[";
  bool first = true;
  for (std::string_view r : v.receivers) {
    out += first ? "{\"name\":" : ",{\"name\":";
    first = false;
    AppendGoJsonString(out, r);
    out += '}';
  }
  out += ']';
  time(",\"startsAt\":", alert.starts_at);
  out += ",\"status\":{\"inhibitedBy\":";
  strings(v.inhibited_by);
  out += ",\"mutedBy\":";
  strings(v.muted_by);
  out += ",\"silencedBy\":";
  strings(v.silenced_by);
  out += ",\"state\":";
  AppendGoJsonString(out, v.state());
  out += '}';
  time(",\"updatedAt\":", alert.updated_at);
  out += ",\"generatorURL\":";
  AppendGoJsonString(out, alert.generator_url);
  out += ",\"labels\":";
  AppendGoJsonObject(out, alert.labels);
  out += '}';
}

}  // namespace overlord::api
