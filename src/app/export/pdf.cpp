#include "app/export/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

namespace lifeline::app::pdf {

namespace {

constexpr double kPt = 72.0 / 25.4;  // points per millimetre
constexpr double kMargin = 18 * kPt;
constexpr const char* kFont = "Noto Sans CJK SC";

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// One page cursor over a Cairo PDF surface.
class Writer {
 public:
  Writer(cairo_t* cr, double width, double height, std::string footer)
      : cr_(cr), width_(width), height_(height), footer_(std::move(footer)) {
    layout_.reset(pango_cairo_create_layout(cr_));
    y_ = kMargin;
  }

  double content_width() const { return width_ - 2 * kMargin; }
  double bottom() const { return height_ - kMargin - 14; }

  // Lays out `text` in `width` points with `size` pt; returns its height.
  double measure(const std::string& text, double width, double size, bool bold = false) {
    set(text, width, size, bold);
    int w = 0, h = 0;
    pango_layout_get_size(layout_.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void draw(const std::string& text, double x, double y, double width, double size, bool bold = false,
            PangoAlignment align = PANGO_ALIGN_LEFT, double r = 0, double g = 0, double b = 0) {
    set(text, width, size, bold);
    pango_layout_set_alignment(layout_.get(), align);
    cairo_set_source_rgb(cr_, r, g, b);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_.get());
    pango_layout_set_alignment(layout_.get(), PANGO_ALIGN_LEFT);
  }

  void ensure(double h) {
    if (y_ + h > bottom()) new_page();
  }

  void new_page() {
    finish_page();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void finish_page() {
    const std::string text = (footer_.empty() ? "" : footer_ + "　　") + "第 " + std::to_string(page_) + " 页";
    draw(text, kMargin, height_ - kMargin, content_width(), 8, false, PANGO_ALIGN_CENTER, 0.4, 0.4, 0.4);
  }

  void text_block(const std::string& text, double size, bool bold, double space_after) {
    const double h = measure(text, content_width(), size, bold);
    ensure(h);
    draw(text, kMargin, y_, content_width(), size, bold);
    y_ += h + space_after;
  }

  void table(const Table& t) {
    double total = 0;
    for (const auto& c : t.columns) total += c.width_mm * kPt;
    const double scale = total > content_width() ? content_width() / total : 1.0;
    std::vector<double> widths;
    for (const auto& c : t.columns) widths.push_back(c.width_mm * kPt * scale);
    constexpr double pad = 3, size = 8.5;
    auto row_height = [&](const std::vector<std::string>& cells, bool bold) {
      double h = 0;
      for (size_t i = 0; i < widths.size(); ++i)
        h = std::max(h, measure(i < cells.size() ? cells[i] : "", widths[i] - 2 * pad, size, bold));
      return h + 2 * pad;
    };
    std::vector<std::string> header;
    for (const auto& c : t.columns) header.push_back(c.title);
    auto draw_row = [&](const std::vector<std::string>& cells, bool bold, bool marked, bool shaded) {
      const double h = row_height(cells, bold);
      double x = kMargin;
      if (shaded) {
        cairo_set_source_rgb(cr_, 0.92, 0.94, 0.97);
        double w = 0;
        for (double cw : widths) w += cw;
        cairo_rectangle(cr_, x, y_, w, h);
        cairo_fill(cr_);
      }
      for (size_t i = 0; i < widths.size(); ++i) {
        cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr_, 0.5);
        cairo_rectangle(cr_, x, y_, widths[i], h);
        cairo_stroke(cr_);
        const bool right = i < t.columns.size() && t.columns[i].right && !bold;
        draw(i < cells.size() ? cells[i] : "", x + pad, y_ + pad, widths[i] - 2 * pad, size, bold,
             right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, marked ? 0.75 : 0, 0, 0);
        x += widths[i];
      }
      y_ += h;
    };
    ensure(row_height(header, true) + (t.rows.empty() ? 0 : row_height(t.rows[0], false)));
    draw_row(header, true, false, true);
    for (size_t r = 0; r < t.rows.size(); ++r) {
      if (y_ + row_height(t.rows[r], false) > bottom()) {
        new_page();
        draw_row(header, true, false, true);  // the header again on every page
      }
      draw_row(t.rows[r], false, r < t.marked.size() && t.marked[r], false);
    }
    y_ += 8;
  }

 private:
  void set(const std::string& text, double width, double size, bool bold) {
    PangoFontDescription* font = pango_font_description_from_string(kFont);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout_.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout_.get(), text.c_str(), static_cast<int>(text.size()));
  }

  struct LayoutFree {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
  };
  cairo_t* cr_;
  double width_, height_;
  std::string footer_;
  std::unique_ptr<PangoLayout, LayoutFree> layout_;
  double y_ = 0;
  int page_ = 1;
};

}  // namespace

Result<std::string> render(const Document& doc) {
  const double a4w = 210 * kPt, a4h = 297 * kPt;
  const double width = doc.landscape ? a4h : a4w, height = doc.landscape ? a4w : a4h;
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Error::internal("cannot create a PDF surface");
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "lifeline");
  cairo_t* cr = cairo_create(surface);
  {
    Writer w(cr, width, height, doc.footer);
    w.text_block(doc.title, 16, true, 4);
    if (!doc.subtitle.empty()) w.text_block(doc.subtitle, 10, false, 10);
    for (const auto& block : doc.blocks) {
      if (const auto* h = std::get_if<Heading>(&block)) w.text_block(h->text, 12, true, 4);
      else if (const auto* p = std::get_if<Paragraph>(&block)) w.text_block(p->text, p->small ? 8 : 10, false, 6);
      else w.table(std::get<Table>(block));
    }
    w.finish_page();
  }
  cairo_show_page(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS)
    return Error::internal(std::string("PDF rendering failed: ") + cairo_status_to_string(status));
  return out;
}

}  // namespace lifeline::app::pdf
