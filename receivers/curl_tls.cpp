#include "receivers/curl_tls.h"

#include <optional>
#include <string_view>

namespace overlord {

namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStrDeleter {
  void operator()(char* s) const { curl_free(s); }
};
using CurlStr = std::unique_ptr<char, CurlStrDeleter>;

std::optional<long> MinVersion(std::string_view name) {
  if (name == "TLS10") return CURL_SSLVERSION_TLSv1_0;
  if (name == "TLS11") return CURL_SSLVERSION_TLSv1_1;
  if (name == "TLS12") return CURL_SSLVERSION_TLSv1_2;
  if (name == "TLS13") return CURL_SSLVERSION_TLSv1_3;
  return std::nullopt;
}

std::optional<long> MaxVersion(std::string_view name) {
  if (name == "TLS10") return CURL_SSLVERSION_MAX_TLSv1_0;
  if (name == "TLS11") return CURL_SSLVERSION_MAX_TLSv1_1;
  if (name == "TLS12") return CURL_SSLVERSION_MAX_TLSv1_2;
  if (name == "TLS13") return CURL_SSLVERSION_MAX_TLSv1_3;
  return std::nullopt;
}

// curl copies the blob (CURL_BLOB_COPY), so `pem` need not outlive the handle.
void SetBlob(CURL* handle, CURLoption option, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  curl_easy_setopt(handle, option, &blob);
}

std::optional<CurlStr> GetPart(CURLU* url, CURLUPart part, unsigned flags) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, flags) != CURLUE_OK) return std::nullopt;
  return CurlStr(raw);
}

}  // namespace

Status SetTlsOptions(CURL* handle, const config::TlsConfig& tls) {
  if (!tls.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, tls.ca_file.c_str());
  if (!tls.ca.empty()) SetBlob(handle, CURLOPT_CAINFO_BLOB, tls.ca);
  if (!tls.cert_file.empty()) curl_easy_setopt(handle, CURLOPT_SSLCERT, tls.cert_file.c_str());
  if (!tls.cert.empty()) SetBlob(handle, CURLOPT_SSLCERT_BLOB, tls.cert);
  if (!tls.key_file.empty()) curl_easy_setopt(handle, CURLOPT_SSLKEY, tls.key_file.c_str());
  if (!tls.key.empty()) SetBlob(handle, CURLOPT_SSLKEY_BLOB, tls.key.value);
  if (tls.insecure_skip_verify) {
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  long version = CURL_SSLVERSION_TLSv1_2;
  if (!tls.min_version.empty()) {
    auto v = MinVersion(tls.min_version);
    if (!v) return Error{"unknown tls_config.min_version " + tls.min_version};
    version = *v;
  }
  if (!tls.max_version.empty()) {
    auto v = MaxVersion(tls.max_version);
    if (!v) return Error{"unknown tls_config.max_version " + tls.max_version};
    version |= *v;
  }
  curl_easy_setopt(handle, CURLOPT_SSLVERSION, version);
  return Status::Ok();
}

Result<ServerNameRewrite> RewriteForServerName(const std::string& url,
                                               const std::string& server_name) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Error{"invalid URL"};
  }
  auto host = GetPart(parsed.get(), CURLUPART_HOST, 0);
  auto port = GetPart(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  auto explicit_port = GetPart(parsed.get(), CURLUPART_PORT, 0);
  if (!host || !port) return Error{"URL without host"};
  if (curl_url_set(parsed.get(), CURLUPART_HOST, server_name.c_str(), 0) != CURLUE_OK) {
    return Error{"invalid tls_config.server_name " + server_name};
  }
  auto rewritten = GetPart(parsed.get(), CURLUPART_URL, 0);
  if (!rewritten) return Error{"invalid tls_config.server_name " + server_name};

  ServerNameRewrite out;
  out.url = rewritten->get();
  const std::string port_text = port->get();
  out.connect_to = server_name + ":" + port_text + ":" + host->get() + ":" + port_text;
  out.host_header = host->get();
  if (explicit_port) out.host_header += ":" + std::string(explicit_port->get());
  return out;
}

}  // namespace overlord
