//! The state machine rendered as Markdown with Mermaid diagrams, from the same table that [`super::apply`] uses.

use super::{A, LegRule, P, Transition, table};
use crate::procedure::PostalForm;
use crate::state::{AgencyState, PostalState};

/// The state machine as a Markdown page with two Mermaid diagrams (agency leg, postal leg) and the full table,
/// generated from [`table`]: the source of `docs/state-machine.md`.
pub fn state_machine_markdown() -> String {
    let mut out = String::new();
    out.push_str("# The dossier state machine\n\n");
    out.push_str("<!-- Generated from `hoso_core::machine::table()` by `state_machine_markdown()`; a test fails when\n");
    out.push_str("     this file differs. Regenerate with `HOSO_BLESS=1 cargo test -p hoso-core --test generated`. -->\n\n");
    out.push_str("A dossier has two legs that run side by side: the agency leg (where it stands with the agency, with\n");
    out.push_str("the national portal's status code) and the postal leg (where the paper is). An edge label names the\n");
    out.push_str("event; `[...]` is what the other leg must be in (an interlock); `{...}` the postal forms the edge applies\n");
    out.push_str("to when not all.\n\n");
    out.push_str("## Agency leg\n\n```mermaid\nstateDiagram-v2\n");
    let forms_note = |t: &Transition| {
        if t.forms.len() == PostalForm::ALL.len() {
            String::new()
        } else {
            let names: Vec<&str> = t.forms.iter().map(|f| form_name(*f)).collect();
            format!(" {{{}}}", names.join(", "))
        }
    };
    for t in table() {
        let guard = match t.postal {
            LegRule::In(states) => format!(" [{}]", names(states, postal_name)),
            LegRule::Any | LegRule::Moves { .. } => String::new(),
        };
        let label = format!("{}{}{}", t.event, guard, forms_note(&t));
        push_edges(&mut out, &t.agency, agency_name, &label);
    }
    for s in AgencyState::ALL {
        out.push_str(&format!(
            "    {} : {} ({}) — {}\n",
            agency_name(s),
            s.label().en,
            s.portal_code(),
            s.label().vi
        ));
    }
    out.push_str("```\n\n## Postal leg\n\n```mermaid\nstateDiagram-v2\n");
    for t in table() {
        let guard = match t.agency {
            LegRule::In(states) => format!(" [{}]", names(states, agency_name)),
            LegRule::Moves { from, to } if !from.is_empty() => {
                format!(
                    " [agency {} → {}]",
                    names(from, agency_name),
                    agency_name(to)
                )
            }
            LegRule::Any | LegRule::Moves { .. } => String::new(),
        };
        let label = format!("{}{}{}", t.event, guard, forms_note(&t));
        push_edges(&mut out, &t.postal, postal_name, &label);
    }
    for s in PostalState::ALL {
        out.push_str(&format!(
            "    {} : {} — {}\n",
            postal_name(s),
            s.label().en,
            s.label().vi
        ));
    }
    out.push_str("```\n\n## The table\n\n| event | postal forms | agency leg | postal leg | rule |\n|---|---|---|---|---|\n");
    for t in table() {
        let forms: Vec<&str> = t.forms.iter().map(|f| form_name(*f)).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            t.event,
            forms.join(", "),
            leg_text(&t.agency, agency_name),
            leg_text(&t.postal, postal_name),
            t.rule
        ));
    }
    out.push_str("\nBesides the table, `apply` refuses: an event earlier than the dossier's last event; an appointment\n");
    out.push_str("before the day it is set; a second extension (Decree 61/2018/NĐ-CP Art 19); a return to the agency\n");
    out.push_str("before 2 delivery attempts (Circular 17/2017/TT-BTTTT Art 5). A duplicate event id is a no-op.\n");
    out
}

/// `a | b | c`.
fn names<S: Copy>(states: &[S], name: fn(S) -> &'static str) -> String {
    states
        .iter()
        .map(|s| name(*s))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// One Mermaid edge per `from` state of a moving leg (`[*]` for the initial state); nothing for a leg that
/// does not move.
fn push_edges<S: Copy>(
    out: &mut String,
    rule: &LegRule<S>,
    name: fn(S) -> &'static str,
    label: &str,
) {
    if let LegRule::Moves { from, to } = rule {
        if from.is_empty() {
            out.push_str(&format!("    [*] --> {} : {}\n", name(*to), label));
        }
        for f in *from {
            out.push_str(&format!("    {} --> {} : {}\n", name(*f), name(*to), label));
        }
    }
}

fn leg_text<S: Copy>(rule: &LegRule<S>, name: fn(S) -> &'static str) -> String {
    let list = |states: &[S]| {
        states
            .iter()
            .map(|s| name(*s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rule {
        LegRule::Any => "any".to_string(),
        LegRule::In(states) => format!("in {}", list(states)),
        LegRule::Moves { from: [], to } => format!("starts at {}", name(*to)),
        LegRule::Moves { from, to } => format!("{} → {}", list(from), name(*to)),
    }
}

fn form_name(f: PostalForm) -> &'static str {
    match f {
        PostalForm::SendDossier => "send_dossier",
        PostalForm::ReceiveResult => "receive_result",
        PostalForm::Both => "both",
    }
}

fn agency_name(s: AgencyState) -> &'static str {
    match s {
        A::Registered => "registered",
        A::Accepted => "accepted",
        A::Refused => "refused",
        A::Processing => "processing",
        A::SupplementRequested => "supplement_requested",
        A::AwaitingFinancialObligation => "awaiting_financial_obligation",
        A::Withdrawn => "withdrawn",
        A::Stopped => "stopped",
        A::Done => "done",
        A::ResultReturned => "result_returned",
    }
}

fn postal_name(s: PostalState) -> &'static str {
    match s {
        P::NotStarted => "not_started",
        P::PickupRequested => "pickup_requested",
        P::CollectedAndSealed => "collected_and_sealed",
        P::InTransitToAgency => "in_transit_to_agency",
        P::HandedToAgency => "handed_to_agency",
        P::ResultCollected => "result_collected",
        P::InTransitToRecipient => "in_transit_to_recipient",
        P::OutForDelivery => "out_for_delivery",
        P::DeliveryAttempted => "delivery_attempted",
        P::AwaitingCollection => "awaiting_collection",
        P::Delivered => "delivered",
        P::ReturnedToAgency => "returned_to_agency",
        P::LostOrDamaged => "lost_or_damaged",
    }
}
