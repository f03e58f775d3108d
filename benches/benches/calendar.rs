//! Calendar arithmetic: working-day addition over a 10-year span, lunar conversion, and the deadlines built on
//! them.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::measure::Samples;
use hoso_benches::summary::Summary;
use hoso_core::calendar::{LunarDate, WorkCalendar};
use hoso_core::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use hoso_core::deadline::postal::CarriageRoute;
use hoso_core::deadline::processing::processing_due;
use hoso_core::procedure::{Channel, TimeLimit};
use hoso_core::{Dossier, demo};
use jiff::civil::{Date, date};

/// 1,024 start dates spread over 2020–2029, with day counts from 1 to 60.
fn starts() -> Vec<(Date, i64)> {
    let first = date(2020, 1, 1);
    (0..1024_i64)
        .map(|i| {
            let d = first
                .checked_add(jiff::Span::new().days((i * 3_571) % 3_650))
                .unwrap();
            (d, 1 + (i * 7) % 60)
        })
        .collect()
}

fn add_working_days(c: &mut Criterion) {
    let cal = WorkCalendar::vietnam();
    let inputs = starts();
    let mut g = c.benchmark_group("calendar");
    let samples = Samples::for_group(&mut g, 100);
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("add_working_days_10y_x1024", |b| {
        samples.iter("add", b, || {
            for &(d, n) in &inputs {
                black_box(cal.add_working_days(black_box(d), black_box(n)).unwrap());
            }
        })
    });
    g.bench_function("working_days_between_10y_x1024", |b| {
        samples.iter("between", b, || {
            for w in inputs.windows(2) {
                black_box(
                    cal.working_days_between(black_box(w[0].0), black_box(w[1].0))
                        .unwrap(),
                );
            }
        })
    });
    g.finish();
    // Issue 3: at least 5 million additions per second on one core.
    for (id, name, calls, goal) in [
        ("add", "calendar_add_working_days", inputs.len(), Some(5e6)),
        (
            "between",
            "calendar_working_days_between",
            inputs.len() - 1,
            None,
        ),
    ] {
        if let Some(rate) = samples.per_second(id, calls as f64) {
            Summary::new(name, rate, "calls/s").goal_value(goal).print();
        }
    }
}

fn lunar(c: &mut Criterion) {
    let inputs: Vec<Date> = (0..1024_i64)
        .map(|i| {
            date(1900, 1, 1)
                .checked_add(jiff::Span::new().days((i * 71_993) % 73_414))
                .unwrap()
        })
        .collect();
    let lunars: Vec<LunarDate> = inputs
        .iter()
        .map(|&d| LunarDate::from_solar(d).unwrap())
        .collect();
    let mut g = c.benchmark_group("calendar");
    let samples = Samples::for_group(&mut g, 100);
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("lunar_from_solar_x1024", |b| {
        samples.iter("from_solar", b, || {
            for &d in &inputs {
                black_box(LunarDate::from_solar(black_box(d)).unwrap());
            }
        })
    });
    g.bench_function("lunar_to_solar_x1024", |b| {
        samples.iter("to_solar", b, || {
            for l in &lunars {
                black_box(black_box(l).to_solar().unwrap());
            }
        })
    });
    g.finish();
    // Issue 3: lunar conversion at least 1 million per second.
    for (id, name) in [
        ("from_solar", "calendar_lunar_from_solar"),
        ("to_solar", "calendar_lunar_to_solar"),
    ] {
        if let Some(rate) = samples.per_second(id, inputs.len() as f64) {
            Summary::new(name, rate, "calls/s").goal_value(1e6).print();
        }
    }
}

fn deadlines(c: &mut Criterion) {
    let cal = WorkCalendar::vietnam();
    let filed: Vec<jiff::Timestamp> = starts()
        .iter()
        .map(|&(d, n)| hoso_core::time::from_vietnam(d.at((7 + n % 10) as i8, 30, 0, 0)).unwrap())
        .collect();
    let dossier = Dossier::from_events(&demo::lifecycle(1)).unwrap();
    let options = DeadlineOptions {
        to_agency: Some(CarriageRoute::InterProvince),
        to_recipient: Some(CarriageRoute::SameProvince),
        delivers_appointment_slip: false,
        appointment_notified_at: None,
    };
    let mut g = c.benchmark_group("deadline");
    let samples = Samples::for_group(&mut g, 100);
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(filed.len() as u64));
    g.bench_function("processing_due_x1024", |b| {
        samples.iter("processing_due", b, || {
            for &t in &filed {
                black_box(
                    processing_due(&cal, black_box(t), TimeLimit::working(15), Channel::Postal)
                        .unwrap(),
                );
            }
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("dossier_deadlines_14_events", |b| {
        samples.iter("dossier_deadlines", b, || {
            dossier_deadlines(black_box(&dossier), &cal, &options).unwrap()
        })
    });
    g.finish();
    for (id, name, calls) in [
        ("processing_due", "deadline_processing_due", filed.len()),
        ("dossier_deadlines", "deadline_dossier_deadlines", 1),
    ] {
        if let Some(rate) = samples.per_second(id, calls as f64) {
            Summary::new(name, rate, "calls/s").print();
        }
    }
}

criterion_group!(benches, add_working_days, lunar, deadlines);
criterion_main!(benches);
