//! The 紹介状 as printed: the referral's read model shaped into the letter's data (和暦, the
//! office's address with its postal code, the conditions as the sections of the shown version).

use crate::domain::normalize::join_address;
use crate::pdf::referral_letter::LetterData;
use crate::present::{format, job_order_sheet};
use crate::services::referrals::LetterRecord;

pub fn letter_data(rec: &LetterRecord, staff_name: &str) -> LetterData {
    let LetterRecord {
        referral: r,
        office,
        order,
        terms,
        seeker,
        employer,
        ..
    } = rec;
    let names = job_order_sheet::Names {
        prefecture: rec.workplace_prefecture.clone(),
        occupation: rec.occupation.clone(),
    };
    let office_pref = &rec.office_prefecture;
    let seeker_pref = &rec.seeker_prefecture;
    LetterData {
        referral_number: r.number.clone(),
        issued_on: format::date(r.referred_on),
        employer_name: employer.name.clone(),
        employer_contact: employer.contact_name.clone(),
        office_name: office.name.clone(),
        office_address: format::with_postal(
            &office.postal_code,
            &join_address(office_pref, "", &office.address),
        ),
        office_phone: office.phone.clone(),
        office_fax: office.fax.clone(),
        office_email: office.email.clone(),
        staff_name: staff_name.to_owned(),
        seeker_name: seeker.name.clone(),
        seeker_kana: seeker.name_kana.clone(),
        seeker_number: seeker.number.clone(),
        include_birth_date_and_address: office.letter_shows_birth_and_address,
        seeker_birth_date: format::date(seeker.birth_date),
        seeker_address: join_address(seeker_pref, &seeker.municipality, &seeker.address),
        job_order_number: order.number.clone().unwrap_or_default(),
        occupation_title: terms.occupation_title.clone(),
        workplace: format!(
            "{}{}{}",
            names.prefecture, terms.workplace_municipality, terms.workplace_address
        ),
        selection_method: terms.selection_method.clone(),
        interview: r.interview.clone(),
        documents: if r.documents.is_empty() {
            terms.application_documents.clone()
        } else {
            r.documents.clone()
        },
        portal_url: None,
        conditions: job_order_sheet::sections(terms, &names)
            .into_iter()
            .map(|s| {
                (
                    s.title.to_owned(),
                    s.rows.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                )
            })
            .collect(),
        conditions_version: r.job_order_version,
        conditions_shown: format!(
            "{}・{}",
            format::date(r.conditions_shown_on),
            if r.conditions_shown_method == "email" {
                "電子メール"
            } else {
                "書面"
            }
        ),
    }
}
