//! Holiday schedules: any text is refused with a typed error (with its JSON path or line and column) or read;
//! what reads writes back to JSON that reads as the same schedule.
#![no_main]

use hoso_core::calendar::HolidaySchedule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match HolidaySchedule::from_json(text) {
        Ok(schedule) => {
            let again = HolidaySchedule::from_json(&schedule.to_json())
                .unwrap_or_else(|e| panic!("a written schedule does not read: {e}"));
            assert_eq!(again, schedule);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
