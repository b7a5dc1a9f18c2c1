#include "app/photos/photos.h"

#include <array>

#include "media/picture.h"

namespace lifeline::app::photos {

using store::Tx;
using store::TxMode;

namespace {

// Standard base64 (RFC 4648 §4) with padding; nullopt on any other character.
std::optional<std::string> decode_base64(std::string_view text) {
  static const std::array<int8_t, 256> table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char ch : text) {
    int8_t v = table[static_cast<unsigned char>(ch)];
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xff);
      out += static_cast<char>((bits >> 8) & 0xff);
      out += static_cast<char>(bits & 0xff);
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) out += static_cast<char>((bits >> 4) & 0xff);
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xff);
    out += static_cast<char>((bits >> 2) & 0xff);
  }
  return out;
}

std::string encode_base64(std::string_view bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                 static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                 static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    for (int k = 18; k >= 0; k -= 6) out += alphabet[(v >> k) & 63];
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::vector<NewPhoto> read(JsonInput& in, const std::string& field) {
  std::vector<NewPhoto> out;
  const auto* list = in.raw(field, false);
  if (!list || list->is_null()) return out;
  if (!list->is_array()) {
    in.fail(field, "must be an array of {caption, mime, data}");
    return out;
  }
  if (list->size() > kMaxPhotos) {
    in.fail(field, "at most " + std::to_string(kMaxPhotos) + " photos at a time");
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = field + "/" + std::to_string(i) + "/";
    JsonInput item((*list)[i]);
    auto caption = item.text("caption", {.required = false, .max_len = 200});
    auto mime = item.choice("mime", {"image/jpeg", "image/png", "image/webp"});
    const auto* data = item.raw("data");
    std::optional<std::string> bytes;
    std::optional<media::Picture> picture;
    if (data && !data->is_string()) {
      item.fail("data", "must be the picture in base64");
    } else if (data) {
      const auto& text = data->get_ref<const std::string&>();
      if (text.size() > (kMaxPhotoBytes + 2) / 3 * 4) item.fail("data", "must be at most 2 MiB");
      else if (!(bytes = decode_base64(text))) item.fail("data", "is not valid base64");
      else if (bytes->size() > kMaxPhotoBytes) item.fail("data", "must be at most 2 MiB");
      else if (bytes->empty()) item.fail("data", "must not be empty");
      else if (auto checked = media::check_picture(*bytes, "data"); !checked)
        item.fail("data", checked.error().fields.front().message);
      else if (mime && *mime != media::mime_type(checked->format))
        item.fail("data", "is a picture of type " + std::string(media::mime_type(checked->format)) + ", not " + *mime);
      else picture = *checked;
    }
    if (auto st = item.finish(); !st) {
      for (const auto& f : st.error().fields) in.fail(at + f.field, f.message);
      continue;
    }
    // What is stored is the decoded picture and nothing appended to it.
    out.push_back({caption.value_or(""), *mime, encode_base64(std::string_view(*bytes).substr(0, picture->size))});
  }
  return out;
}

Status attach(Tx& tx, const std::string& owner_kind, int64_t owner_id, const std::string& org_path,
              const Actor& actor, Instant now, const std::vector<NewPhoto>& photos) {
  for (const auto& p : photos)
    LL_CHECK(tx.execute("INSERT INTO photos (owner_kind, owner_id, org_path, caption, mime, created_at, created_by,"
                        " data) VALUES (?,?,?,?,?,?,?,?)",
                        {owner_kind, owner_id, org_path, p.caption, p.mime, to_millis(now),
                         actor.user_id ? store::Value(actor.user_id) : store::Value(), p.base64}));
  return {};
}

Result<nlohmann::json> list(Tx& tx, const std::string& owner_kind, int64_t owner_id) {
  LL_TRY(auto rows, tx.query("SELECT id, caption, mime FROM photos WHERE owner_kind = ? AND owner_id = ? ORDER BY id",
                             {owner_kind, owner_id}));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows)
    out.push_back({{"id", r.integer(0)},
                   {"caption", r.text(1)},
                   {"mime", r.text(2)},
                   {"url", "/api/v1/photos/" + std::to_string(r.integer(0))}});
  return out;
}

void add_routes(http::Router& router, const api::Gate& gate, Runtime& rt) {
  router.add("GET", "/api/v1/photos/{id}",
             gate(Permission::supply_read, [&rt](http::Request& req, const Actor& actor) -> Result<http::Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto row, rt.db.transact(TxMode::read, [&](Tx& tx) {
                 return tx.query_one("SELECT org_path, mime, data FROM photos WHERE id = ?", {id});
               }));
               // Photos of the actor's subtree and of the units above it (a crew sees its utility's).
               if (!row || !(actor.sees(row->text(0)) || actor.org_path.starts_with(row->text(0))))
                 return Error::not_found("no such photo");
               auto bytes = decode_base64(row->text(2));
               if (!bytes) return Error::internal("stored photo is not base64");
               http::Response res = http::Response::text(200, std::move(*bytes), row->text(1));
               res.set_header("Cache-Control", "private, max-age=86400, immutable");
               res.set_header("X-Content-Type-Options", "nosniff");
               // Pictures stored before they were decoded on upload must not run as a page either.
               res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
               return res;
             }));
}

}  // namespace lifeline::app::photos
