#include "api/silences_endpoint.h"

#include <nlohmann/json.hpp>

#include <optional>

#include "api/http_util.h"
#include "api/query_params.h"
#include "model/json_writer.h"

namespace overlord::api {
namespace {

using nlohmann::json;

std::string SchemaError(int code, const std::string& message) {
  return json{{"code", code}, {"message", message}}.dump(-1, ' ', false,
                                                          json::error_handler_t::replace);
}

std::string ParseFailure(const std::string& why) {
  return SchemaError(400, "parsing silence body from \"\" failed, because " + why);
}

// Go's name for a JSON value's kind in "cannot unmarshal X into ..." messages.
std::string GoKind(const json& v) {
  if (v.is_boolean()) return "bool";
  return v.type_name();
}

std::string Unmarshal(const json& v, const std::string& field, const std::string& type) {
  return "json: cannot unmarshal " + GoKind(v) + " into Go struct field " + field + " of type " +
         type;
}

// Decoding errors are 400s; missing required fields (checked afterwards, in go-swagger's
// alphabetical field order) are 422s.
struct Decoder {
  DecodedSilence out;
  bool Fail(int status, std::string body) {
    out.status = status;
    out.body = std::move(body);
    return false;
  }

  // Reads an optional string; `present` tells whether it was there and not null.
  bool String(const json& obj, const char* key, const std::string& go_field, std::string* dst,
              bool* present) {
    *present = false;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return true;
    if (!it->is_string()) return Fail(400, ParseFailure(Unmarshal(*it, go_field, "string")));
    *dst = it->get<std::string>();
    *present = true;
    return true;
  }

  bool Time(const json& obj, const char* key, overlord::Time* dst, bool* present) {
    std::string text;
    if (!String(obj, key, std::string("Silence.") + key, &text, present)) return false;
    if (!*present) return true;
    Result<overlord::Time> t = ParseRFC3339(text);
    if (!t.ok()) {
      return Fail(400, ParseFailure("parsing time " + GoQuote(text) +
                                    " as \"2006-01-02T15:04:05Z07:00\": cannot parse " +
                                    GoQuote(text) + " as \"2006\""));
    }
    *dst = *t;
    return true;
  }
};

}  // namespace

DecodedSilence DecodePostableSilence(std::string_view body) {
  Decoder d;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    d.Fail(422, SchemaError(602, "silence in body is required"));
    return d.out;
  }
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    try {
      json ignored = json::parse(body);
      (void)ignored;
      d.Fail(400, ParseFailure("invalid JSON"));
    } catch (const json::parse_error& e) {
      d.Fail(400, ParseFailure(e.what()));
    }
    return d.out;
  }
  if (doc.is_null()) doc = json::object();
  if (!doc.is_object()) {
    d.Fail(400, ParseFailure("json: cannot unmarshal " + GoKind(doc) +
                             " into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"));
    return d.out;
  }
  Silence& s = d.out.silence;
  bool has_id, has_comment, has_created_by, has_start, has_end;
  if (!d.String(doc, "id", ".id", &s.id, &has_id) ||
      !d.String(doc, "comment", "Silence.comment", &s.comment, &has_comment) ||
      !d.String(doc, "createdBy", "Silence.createdBy", &s.created_by, &has_created_by) ||
      !d.Time(doc, "startsAt", &s.starts_at, &has_start) ||
      !d.Time(doc, "endsAt", &s.ends_at, &has_end)) {
    return d.out;
  }
  if (auto a = doc.find("annotations"); a != doc.end() && !a->is_null()) {
    if (!a->is_object()) {
      d.Fail(400, ParseFailure(Unmarshal(*a, "Silence.annotations", "models.LabelSet")));
      return d.out;
    }
    for (const auto& [k, v] : a->items()) {
      if (!v.is_string()) {
        d.Fail(400, ParseFailure(Unmarshal(v, "Silence.annotations", "string")));
        return d.out;
      }
      s.annotations.Set(k, v.get<std::string>());
    }
  }
  // Matchers: decoded fully before any required-field check, like Go's json.Unmarshal.
  auto ms = doc.find("matchers");
  bool has_matchers = ms != doc.end() && !ms->is_null();
  struct Presence {
    bool is_regex = false, name = false, value = false;
  };
  std::vector<Presence> presence;
  if (has_matchers) {
    if (!ms->is_array()) {
      d.Fail(400, ParseFailure(Unmarshal(*ms, "Silence.matchers", "models.Matchers")));
      return d.out;
    }
    for (const json& m : *ms) {
      MatcherSpec spec;
      Presence p;
      if (m.is_null()) {
        d.out.matchers.push_back(spec);
        presence.push_back(p);
        continue;
      }
      if (!m.is_object()) {
        d.Fail(400, ParseFailure(Unmarshal(m, "Silence.matchers", "models.Matcher")));
        return d.out;
      }
      auto boolean = [&](const char* key, bool* dst, bool* present) {
        auto it = m.find(key);
        if (it == m.end() || it->is_null()) return true;
        if (!it->is_boolean()) {
          return d.Fail(400, ParseFailure(Unmarshal(*it, std::string("Matcher.matchers.") + key, "bool")));
        }
        *dst = it->get<bool>();
        if (present != nullptr) *present = true;
        return true;
      };
      auto string = [&](const char* key, std::string* dst, bool* present) {
        auto it = m.find(key);
        if (it == m.end() || it->is_null()) return true;
        if (!it->is_string()) {
          return d.Fail(400, ParseFailure(Unmarshal(*it, std::string("Matcher.matchers.") + key, "string")));
        }
        *dst = it->get<std::string>();
        *present = true;
        return true;
      };
      if (!boolean("isEqual", &spec.is_equal, nullptr) ||
          !boolean("isRegex", &spec.is_regex, &p.is_regex) ||
          !string("name", &spec.name, &p.name) || !string("value", &spec.value, &p.value)) {
        return d.out;
      }
      d.out.matchers.push_back(std::move(spec));
      presence.push_back(p);
    }
  }
  auto required = [&](const std::string& what) {
    d.Fail(422, SchemaError(602, what + " in body is required"));
    return d.out;
  };
  if (!has_comment) return required("comment");
  if (!has_created_by) return required("createdBy");
  if (!has_end) return required("endsAt");
  if (!has_matchers) return required("matchers");
  if (presence.empty()) {
    d.Fail(422, SchemaError(612, "matchers in body should have at least 1 items"));
    return d.out;
  }
  for (std::size_t i = 0; i < presence.size(); ++i) {
    std::string at = "matchers." + std::to_string(i) + ".";
    if (!presence[i].is_regex) return required(at + "isRegex");
    if (!presence[i].name) return required(at + "name");
    if (!presence[i].value) return required(at + "value");
  }
  if (!has_start) return required("startsAt");
  return d.out;
}

void AppendGettableSilence(std::string& out, const Silence& s, Time now) {
  out += "{\"id\":";
  AppendGoJsonString(out, s.id);
  out += ",\"status\":{\"state\":\"";
  out += SilenceStateToString(s.State(now));
  out += "\"},\"updatedAt\":\"";
  AppendRFC3339Millis(out, s.updated_at);
  out += '"';
  if (!s.annotations.empty()) {
    out += ",\"annotations\":";
    AppendGoJsonObject(out, s.annotations);
  }
  out += ",\"comment\":";
  AppendGoJsonString(out, s.comment);
  out += ",\"createdBy\":";
  AppendGoJsonString(out, s.created_by);
  out += ",\"endsAt\":\"";
  AppendRFC3339Millis(out, s.ends_at);
  out += "\",\"matchers\":[";
  for (std::size_t i = 0; i < s.matchers.size(); ++i) {
    const Matcher& m = s.matchers[i];
    if (i > 0) out += ',';
    out += m.is_equal() ? "{\"isEqual\":true" : "{\"isEqual\":false";
    out += m.is_regex() ? ",\"isRegex\":true" : ",\"isRegex\":false";
    out += ",\"name\":";
    AppendGoJsonString(out, m.name());
    out += ",\"value\":";
    AppendGoJsonString(out, m.value());
    out += '}';
  }
  out += "],\"startsAt\":\"";
  AppendRFC3339Millis(out, s.starts_at);
  out += "\"}";
}

void UpdateSilenceGauges(const Silences& silences, Registry& registry, Time now) {
  Silences::StateCounts c = silences.CountStates(now);
  registry.Set("alertmanager_silences", {{"state", "active"}}, static_cast<double>(c.active));
  registry.Set("alertmanager_silences", {{"state", "expired"}}, static_cast<double>(c.expired));
  registry.Set("alertmanager_silences", {{"state", "pending"}}, static_cast<double>(c.pending));
}

namespace {

// The {id} path segment, or nullopt after replying 422 as go-openapi does.
std::optional<std::string> PathId(const httplib::Request& req, httplib::Response& res) {
  std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
  if (!LooksLikeUuid(id)) {
    ReplyOpenApiError(res, 422,
                      SchemaError(601, "silenceID in path must be of type uuid: " + GoQuote(id)));
    return std::nullopt;
  }
  return id;
}

void HandleGetSilences(const httplib::Request& req, httplib::Response& res, Silences& silences,
                       const Clock& clock, Registry& registry) {
  registry.Add("alertmanager_silences_queries_total");
  Matchers filter;
  const QueryParams query(req.target);
  for (const std::string& text : query.Values("filter")) {
    Result<Matcher> m = ParseMatcher(text);
    if (!m.ok()) {
      registry.Add("alertmanager_silences_query_errors_total");
      ReplyJsonString(res, 400, m.error());
      return;
    }
    filter.push_back(std::move(*m));
  }
  SilenceStates states;
  states.active = BoolParam(query, "active", true);
  states.pending = BoolParam(query, "pending", true);
  states.expired = BoolParam(query, "expired", true);
  Time now = clock.Now();
  std::vector<Silence> found = silences.Query(filter, now, states);
  SortSilencesForApi(found, now);
  std::string out = "[";
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) out += ',';
    AppendGettableSilence(out, found[i], now);
  }
  out += ']';
  ReplyJson(res, 200, std::move(out));
}

void HandlePostSilences(const httplib::Request& req, httplib::Response& res, Silences& silences,
                        const Clock& clock, Registry& registry) {
  DecodedSilence d = DecodePostableSilence(req.body);
  if (d.status != 0) {
    ReplyOpenApiError(res, d.status, std::move(d.body));
    return;
  }
  Silence& s = d.silence;
  if (s.starts_at >= s.ends_at) {
    ReplyJsonString(res, 400, "Failed to create silence: start time must be before end time");
    return;
  }
  Time now = clock.Now();
  if (s.ends_at < now) {
    ReplyJsonString(res, 400, "Failed to create silence: end time can't be in the past");
    return;
  }
  Result<Matchers> matchers =
      CompileSilenceMatchers(d.matchers, silences.options().classic_label_names);
  if (!matchers.ok()) {
    ReplyJsonString(res, 400, "invalid silence: " + matchers.error());
    return;
  }
  s.matchers = std::move(*matchers);
  Result<std::string> id = silences.Set(std::move(s), now);
  if (!id.ok()) {
    ReplyJsonString(res, IsSilenceNotFound(id.error()) ? 404 : 400, id.error());
    return;
  }
  UpdateSilenceGauges(silences, registry, now);
  std::string out = "{\"silenceID\":";
  AppendGoJsonString(out, *id);
  out += '}';
  ReplyJson(res, 200, std::move(out));
}

void HandleGetSilence(const httplib::Request& req, httplib::Response& res, Silences& silences,
                      const Clock& clock) {
  std::optional<std::string> id = PathId(req, res);
  if (!id) return;
  std::optional<Silence> s = silences.Get(*id);
  if (!s) {
    SetApiHeaders(res);
    res.status = 404;
    return;
  }
  std::string out;
  AppendGettableSilence(out, *s, clock.Now());
  ReplyJson(res, 200, std::move(out));
}

void HandleDeleteSilence(const httplib::Request& req, httplib::Response& res, Silences& silences,
                         const Clock& clock, Registry& registry) {
  std::optional<std::string> id = PathId(req, res);
  if (!id) return;
  Time now = clock.Now();
  Status st = silences.Expire(*id, now);
  SetApiHeaders(res);
  if (!st.ok()) {
    if (IsSilenceNotFound(st.error())) {
      res.status = 404;
      return;
    }
    ReplyJsonString(res, 500, st.error());
    return;
  }
  UpdateSilenceGauges(silences, registry, now);
  res.status = 200;
}

}  // namespace

void RegisterSilenceRoutes(httplib::Server& server, const std::string& prefix_regex,
                           std::size_t max_body_bytes, Silences& silences, const Clock& clock,
                           Registry& registry) {
  registry.Describe("alertmanager_silences", MetricType::kGauge, "How many silences by state.");
  registry.Describe("alertmanager_silences_queries_total", MetricType::kCounter,
                    "How many silence queries were received.");
  registry.Describe("alertmanager_silences_query_errors_total", MetricType::kCounter,
                    "How many silence received queries did not succeed.");
  registry.Add("alertmanager_silences_queries_total", {}, 0);
  registry.Add("alertmanager_silences_query_errors_total", {}, 0);
  UpdateSilenceGauges(silences, registry, clock.Now());

  Silences* sil = &silences;
  const Clock* clk = &clock;
  Registry* reg = &registry;
  server.Get(prefix_regex + "api/v2/silences",
             [=](const httplib::Request& req, httplib::Response& res) {
               HandleGetSilences(req, res, *sil, *clk, *reg);
             });
  server.Post(prefix_regex + "api/v2/silences",
              WithRawBody(max_body_bytes, [=](const httplib::Request& req, httplib::Response& res) {
                HandlePostSilences(req, res, *sil, *clk, *reg);
              }));
  server.Get(prefix_regex + "api/v2/silence/([^/]+)",
             [=](const httplib::Request& req, httplib::Response& res) {
               HandleGetSilence(req, res, *sil, *clk);
             });
  server.Delete(prefix_regex + "api/v2/silence/([^/]+)",
                [=](const httplib::Request& req, httplib::Response& res) {
                  HandleDeleteSilence(req, res, *sil, *clk, *reg);
                });
}

}  // namespace overlord::api
