#include "cli/api_types.h"

#include <nlohmann/json.hpp>

#include "model/json_writer.h"

namespace overlord::cli {
namespace {

using nlohmann::json;

// Field readers: absent or null fields keep the default; a wrong type is an error.
Status ReadString(const json& obj, const char* key, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Error{std::string("field \"") + key + "\" must be a string"};
  *out = it->get<std::string>();
  return Status::Ok();
}

Status ReadBool(const json& obj, const char* key, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) return Error{std::string("field \"") + key + "\" must be a boolean"};
  *out = it->get<bool>();
  return Status::Ok();
}

Status ReadTime(const json& obj, const char* key, ZonedTime* out) {
  std::string text;
  if (Status s = ReadString(obj, key, &text); !s.ok()) return s;
  if (text.empty()) return Status::Ok();
  Result<ZonedTime> t = ParseZonedTime(text);
  if (!t.ok()) return Error{std::string("field \"") + key + "\": " + t.error()};
  *out = *t;
  return Status::Ok();
}

Status ReadStringMap(const json& obj, const char* key, std::map<std::string, std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return Error{std::string("field \"") + key + "\" must be an object"};
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string()) return Error{std::string("field \"") + key + "." + k + "\" must be a string"};
    (*out)[k] = v.get<std::string>();
  }
  return Status::Ok();
}

Status ReadStringList(const json& obj, const char* key, std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return Error{std::string("field \"") + key + "\" must be an array"};
  for (const auto& v : *it) {
    if (!v.is_string()) return Error{std::string("field \"") + key + "\" must hold strings"};
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

#define OV_TRY(expr)                       \
  do {                                     \
    if (Status s_ = (expr); !s_.ok()) return Error{s_.error()}; \
  } while (0)

Result<ApiSilence> SilenceFromJson(const json& obj) {
  if (!obj.is_object()) return Error{"silence must be a JSON object"};
  ApiSilence s;
  OV_TRY(ReadString(obj, "id", &s.id));
  if (auto st = obj.find("status"); st != obj.end() && st->is_object()) {
    OV_TRY(ReadString(*st, "state", &s.state));
  }
  OV_TRY(ReadTime(obj, "updatedAt", &s.updated_at));
  OV_TRY(ReadString(obj, "comment", &s.comment));
  OV_TRY(ReadString(obj, "createdBy", &s.created_by));
  OV_TRY(ReadTime(obj, "startsAt", &s.starts_at));
  OV_TRY(ReadTime(obj, "endsAt", &s.ends_at));
  if (auto ms = obj.find("matchers"); ms != obj.end() && !ms->is_null()) {
    if (!ms->is_array()) return Error{"field \"matchers\" must be an array"};
    for (const json& m : *ms) {
      if (!m.is_object()) return Error{"field \"matchers\" must hold objects"};
      ApiMatcher am;
      OV_TRY(ReadString(m, "name", &am.name));
      OV_TRY(ReadString(m, "value", &am.value));
      OV_TRY(ReadBool(m, "isRegex", &am.is_regex));
      OV_TRY(ReadBool(m, "isEqual", &am.is_equal));
      s.matchers.push_back(std::move(am));
    }
  }
  return s;
}

Result<ApiAlert> AlertFromJson(const json& obj) {
  if (!obj.is_object()) return Error{"alert must be a JSON object"};
  ApiAlert a;
  OV_TRY(ReadStringMap(obj, "labels", &a.labels));
  OV_TRY(ReadStringMap(obj, "annotations", &a.annotations));
  OV_TRY(ReadTime(obj, "startsAt", &a.starts_at));
  OV_TRY(ReadTime(obj, "endsAt", &a.ends_at));
  OV_TRY(ReadTime(obj, "updatedAt", &a.updated_at));
  OV_TRY(ReadString(obj, "generatorURL", &a.generator_url));
  OV_TRY(ReadString(obj, "fingerprint", &a.fingerprint));
  if (auto rs = obj.find("receivers"); rs != obj.end() && rs->is_array()) {
    for (const json& r : *rs) {
      std::string name;
      if (r.is_object()) OV_TRY(ReadString(r, "name", &name));
      a.receivers.push_back(std::move(name));
    }
  }
  if (auto st = obj.find("status"); st != obj.end() && st->is_object()) {
    OV_TRY(ReadString(*st, "state", &a.state));
    OV_TRY(ReadStringList(*st, "silencedBy", &a.silenced_by));
    OV_TRY(ReadStringList(*st, "inhibitedBy", &a.inhibited_by));
  }
  return a;
}

Result<json> ParseJson(std::string_view text) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return Error{std::string("invalid JSON: ") + e.what()};
  }
}

void WriteStringMap(JsonWriter& w, const std::map<std::string, std::string>& m) {
  w.BeginObject();
  for (const auto& [k, v] : m) w.Key(k).String(v);
  w.EndObject();
}

void WriteStringList(JsonWriter& w, const std::vector<std::string>& v) {
  w.BeginArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

// The fields shared by gettable and postable silences, in go-swagger order.
void WriteSilenceBody(JsonWriter& w, const ApiSilence& s) {
  w.Key("comment").String(s.comment);
  w.Key("createdBy").String(s.created_by);
  w.Key("endsAt").String(FormatJsonMillis(s.ends_at));
  w.Key("matchers").BeginArray();
  for (const ApiMatcher& m : s.matchers) {
    w.BeginObject();
    w.Key("isEqual").Bool(m.is_equal);
    w.Key("isRegex").Bool(m.is_regex);
    w.Key("name").String(m.name);
    w.Key("value").String(m.value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("startsAt").String(FormatJsonMillis(s.starts_at));
}

}  // namespace

ApiMatcher ToApiMatcher(const Matcher& m) {
  return ApiMatcher{m.name(), m.value(), m.is_regex(), m.is_equal()};
}

Result<Matcher> FromApiMatcher(const ApiMatcher& m) {
  MatchType type = m.is_regex ? (m.is_equal ? MatchType::kRegex : MatchType::kNotRegex)
                              : (m.is_equal ? MatchType::kEqual : MatchType::kNotEqual);
  return Matcher::Create(type, m.name, m.value);
}

Result<ApiSilence> DecodeSilence(std::string_view text) {
  Result<json> doc = ParseJson(text);
  if (!doc.ok()) return Error{doc.error()};
  return SilenceFromJson(*doc);
}

Result<std::vector<ApiSilence>> DecodeSilences(std::string_view text) {
  Result<json> doc = ParseJson(text);
  if (!doc.ok()) return Error{doc.error()};
  if (!doc->is_array()) return Error{"expected a JSON array of silences"};
  std::vector<ApiSilence> out;
  for (std::size_t i = 0; i < doc->size(); ++i) {
    Result<ApiSilence> s = SilenceFromJson((*doc)[i]);
    if (!s.ok()) return Error{"silence " + std::to_string(i) + ": " + s.error()};
    out.push_back(std::move(*s));
  }
  return out;
}

Result<std::vector<ApiAlert>> DecodeAlerts(std::string_view text) {
  Result<json> doc = ParseJson(text);
  if (!doc.ok()) return Error{doc.error()};
  if (!doc->is_array()) return Error{"expected a JSON array of alerts"};
  std::vector<ApiAlert> out;
  for (std::size_t i = 0; i < doc->size(); ++i) {
    Result<ApiAlert> a = AlertFromJson((*doc)[i]);
    if (!a.ok()) return Error{"alert " + std::to_string(i) + ": " + a.error()};
    out.push_back(std::move(*a));
  }
  return out;
}

std::string EncodeSilences(const std::vector<ApiSilence>& silences) {
  JsonWriter w;
  w.BeginArray();
  for (const ApiSilence& s : silences) {
    w.BeginObject();
    w.Key("id").String(s.id);
    w.Key("status").BeginObject().Key("state").String(s.state).EndObject();
    w.Key("updatedAt").String(FormatJsonMillis(s.updated_at));
    WriteSilenceBody(w, s);
    w.EndObject();
  }
  w.EndArray();
  return w.Take();
}

std::string EncodeAlerts(const std::vector<ApiAlert>& alerts) {
  JsonWriter w;
  w.BeginArray();
  for (const ApiAlert& a : alerts) {
    w.BeginObject();
    w.Key("annotations");
    WriteStringMap(w, a.annotations);
    w.Key("endsAt").String(FormatJsonMillis(a.ends_at));
    w.Key("fingerprint").String(a.fingerprint);
    w.Key("receivers").BeginArray();
    for (const auto& r : a.receivers) w.BeginObject().Key("name").String(r).EndObject();
    w.EndArray();
    w.Key("startsAt").String(FormatJsonMillis(a.starts_at));
    w.Key("status").BeginObject();
    w.Key("inhibitedBy");
    WriteStringList(w, a.inhibited_by);
    w.Key("silencedBy");
    WriteStringList(w, a.silenced_by);
    w.Key("state").String(a.state);
    w.EndObject();
    w.Key("updatedAt").String(FormatJsonMillis(a.updated_at));
    if (!a.generator_url.empty()) w.Key("generatorURL").String(a.generator_url);
    w.Key("labels");
    WriteStringMap(w, a.labels);
    w.EndObject();
  }
  w.EndArray();
  return w.Take();
}

std::string EncodePostableSilence(const ApiSilence& silence) {
  JsonWriter w;
  w.BeginObject();
  if (!silence.id.empty()) w.Key("id").String(silence.id);
  WriteSilenceBody(w, silence);
  w.EndObject();
  return w.Take();
}

std::string EncodePostableAlerts(const ApiAlert& alert) {
  JsonWriter w;
  w.BeginArray().BeginObject();
  if (!alert.annotations.empty()) {
    w.Key("annotations");
    WriteStringMap(w, alert.annotations);
  }
  w.Key("endsAt").String(FormatJsonMillis(alert.ends_at));
  w.Key("startsAt").String(FormatJsonMillis(alert.starts_at));
  if (!alert.generator_url.empty()) w.Key("generatorURL").String(alert.generator_url);
  w.Key("labels");
  WriteStringMap(w, alert.labels);
  w.EndObject().EndArray();
  return w.Take();
}

}  // namespace overlord::cli
