//! The scaling chart: p50 and p99 latency against corpus size, for us and
//! the peers, as an SVG.

use std::path::Path;

use plotters::prelude::*;

use super::SizeRun;
use crate::error::{Error, Result};

const COLORS: [RGBColor; 4] = [
    RGBColor(200, 30, 30),
    RGBColor(30, 90, 200),
    RGBColor(30, 150, 60),
    RGBColor(150, 90, 20),
];

/// Thousands of articles, p50 ms, p99 ms.
type Point = (f64, f64, f64);

/// Draws `latency.svg` in `out`.
pub fn draw(out: &Path, runs: &[SizeRun]) -> Result<()> {
    let path = out.join("latency.svg");
    let err = |e: String| Error::io(&path, std::io::Error::other(e));
    let mut series: Vec<(String, Vec<Point>)> = Vec::new();
    for run in runs {
        let x = run.ours.ingest.articles as f64 / 1000.0;
        let mut push =
            |name: &str, p50: f64, p99: f64| match series.iter_mut().find(|(n, _)| n == name) {
                Some((_, pts)) => pts.push((x, p50, p99)),
                None => series.push((name.to_string(), vec![(x, p50, p99)])),
            };
        push("ours", run.ours.latency_1t.p50, run.ours.latency_1t.p99);
        for p in &run.peers {
            push(&p.name, p.latency.p50, p.latency.p99);
        }
    }
    let max_x = runs
        .last()
        .map_or(1.0, |r| r.ours.ingest.articles as f64 / 1000.0)
        * 1.05;
    let max_y = series
        .iter()
        .flat_map(|(_, pts)| pts.iter().map(|p| p.2))
        .fold(1.0, f64::max)
        * 1.1;
    let root = SVGBackend::new(&path, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Query latency vs corpus size (top 10 with snippets; solid p50, dashed p99)",
            ("sans-serif", 18),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..max_x, (0.05..max_y).log_scale())
        .map_err(|e| err(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc("articles (thousands)")
        .y_desc("latency, ms (log)")
        .draw()
        .map_err(|e| err(e.to_string()))?;
    for (i, (name, pts)) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|p| (p.0, p.1.max(0.05))),
                color.stroke_width(2),
            ))
            .map_err(|e| err(e.to_string()))?
            .label(name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart
            .draw_series(DashedLineSeries::new(
                pts.iter().map(|p| (p.0, p.2.max(0.05))),
                6,
                4,
                color.stroke_width(1),
            ))
            .map_err(|e| err(e.to_string()))?;
        chart
            .draw_series(
                pts.iter()
                    .map(|p| Circle::new((p.0, p.1.max(0.05)), 3, color.filled())),
            )
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
