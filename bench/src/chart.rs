//! The scale chart, as an SVG: on the left p50 and p99 latency against
//! archive size for ours and naive tantivy-jieba; on the right our ingest
//! speed (MB/s) and peak memory (GB) against the same sizes.

use std::path::Path;

use plotters::prelude::*;

use crate::Report;
use crate::error::{Error, Result};

const OURS: RGBColor = RGBColor(200, 30, 30);
const NAIVE: RGBColor = RGBColor(30, 90, 200);
const MEMORY: RGBColor = RGBColor(30, 150, 60);

/// Draws `latency.svg` in `out`.
pub fn draw(out: &Path, report: &Report) -> Result<()> {
    let path = out.join("latency.svg");
    let err = |e: String| Error::io(&path, std::io::Error::other(e));
    let points = &report.scale;
    let x = |articles: usize| articles as f64 / 1000.0;
    let max_x = points.iter().map(|p| x(p.articles)).fold(1.0, f64::max) * 1.1;
    let ours: Vec<(f64, f64, f64)> = points
        .iter()
        .map(|p| (x(p.articles), p.p50_ms, p.p99_ms))
        .collect();
    let naive: Vec<(f64, f64, f64)> = points
        .iter()
        .filter_map(|p| Some((x(p.articles), p.naive_p50_ms?, p.naive_p99_ms?)))
        .collect();
    let max_ms = ours.iter().chain(&naive).map(|p| p.2).fold(1.0, f64::max) * 1.5;

    let root = SVGBackend::new(&path, (1100, 520)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let (left, right) = root.split_horizontally(560);

    let mut chart = ChartBuilder::on(&left)
        .caption(
            "Latency (top 10, snippets; solid p50, dashed p99)",
            ("sans-serif", 16),
        )
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..max_x, (0.05..max_ms).log_scale())
        .map_err(|e| err(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc("articles (thousands)")
        .y_desc("ms (log)")
        .draw()
        .map_err(|e| err(e.to_string()))?;
    for (name, pts, color) in [
        ("ours", &ours, OURS),
        ("naive tantivy-jieba", &naive, NAIVE),
    ] {
        let p50 = pts.iter().map(|p| (p.0, p.1.max(0.05)));
        chart
            .draw_series(LineSeries::new(p50.clone(), color.stroke_width(2)))
            .map_err(|e| err(e.to_string()))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart
            .draw_series(p50.map(|p| Circle::new(p, 3, color.filled())))
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(DashedLineSeries::new(
                pts.iter().map(|p| (p.0, p.2.max(0.05))),
                6,
                4,
                color.stroke_width(1),
            ))
            .map_err(|e| err(e.to_string()))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(|e| err(e.to_string()))?;

    let mb_s: Vec<(f64, f64)> = points.iter().map(|p| (x(p.articles), p.mb_per_s)).collect();
    let gb: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|p| Some((x(p.articles), p.peak_rss_bytes? as f64 / 1e9)))
        .collect();
    let max_y = mb_s.iter().chain(&gb).map(|p| p.1).fold(1.0, f64::max) * 1.3;
    let mut chart = ChartBuilder::on(&right)
        .caption(
            "Our ingest: MB/s (title+body) and peak GB",
            ("sans-serif", 16),
        )
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..max_x, 0.0..max_y)
        .map_err(|e| err(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc("articles (thousands)")
        .draw()
        .map_err(|e| err(e.to_string()))?;
    for (name, pts, color) in [("MB/s", &mb_s, OURS), ("peak memory, GB", &gb, MEMORY)] {
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
            .map_err(|e| err(e.to_string()))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, 3, color.filled())))
            .map_err(|e| err(e.to_string()))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(|e| err(e.to_string()))?;
    root.present().map_err(|e| err(e.to_string()))?;
    Ok(())
}
