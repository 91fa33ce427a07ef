//! The job seeker's record as staff read it: the person, their notes, referrals, placements
//! with follow-ups and the 見学・体験・実習 they took part in, with the names those rows refer to.
//! A fixed number of queries whatever the number of rows; the view is audited once.
use super::error::ServiceResult;
use super::{Actor, job_seekers, placements, refdata, referrals};
use crate::domain::states::EmployerStatus;
use chrono::NaiveDate;
use entity::{
    case_note, employer, follow_up, job_seeker, occupation, placement, staff_user, work_experience,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// How many employers the 受入れ先 choice offers (those that take visits, trials or
/// internships first, then by name).
pub const HOST_CHOICES: u64 = 200;

pub struct SeekerRecord {
    pub seeker: job_seeker::Model,
    pub prefecture_name: String,
    /// Names of the desired occupations, in the person's order.
    pub occupation_names: Vec<String>,
    /// Staff names by id (the person in charge and the authors of notes).
    pub staff_names: HashMap<i32, String>,
    pub notes: Vec<case_note::Model>,
    pub referrals: Vec<referrals::ReferralRow>,
    pub placements: Vec<PlacementRecord>,
    pub experiences: Vec<(work_experience::Model, String)>,
    /// (id, name) of employers that can host a 見学・体験・実習.
    pub hosts: Vec<(i32, String)>,
}

pub struct PlacementRecord {
    pub placement: placement::Model,
    pub employer_name: String,
    pub follow_ups: Vec<follow_up::Model>,
}

/// Read the record (and write one audit entry for the view).
pub async fn read(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<SeekerRecord> {
    let seeker = job_seekers::view(db, actor, office_id, id).await?;
    let prefecture_name = refdata::prefecture_name(db, &seeker.prefecture_code).await?;
    let codes = job_seekers::desired_occupations(&seeker);
    let names: HashMap<String, String> = occupation::Entity::find()
        .filter(occupation::Column::Revision.eq("2022"))
        .filter(occupation::Column::Code.is_in(codes.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            let name = refdata::occupation_display_name(&o.name).to_owned();
            (o.code, name)
        })
        .collect();
    let occupation_names = codes
        .iter()
        .map(|c| names.get(c).cloned().unwrap_or_else(|| c.clone()))
        .collect();
    let notes = job_seekers::notes(db, office_id, id).await?;
    let referrals = referrals::list(
        db,
        office_id,
        &referrals::ReferralFilter {
            job_seeker_id: Some(id),
            ..Default::default()
        },
        today,
    )
    .await?;
    let placement_rows = placements::for_seeker(db, office_id, id).await?;
    let experience_rows = placements::experiences(db, office_id, id).await?;
    let mut follow_ups: HashMap<i32, Vec<follow_up::Model>> = HashMap::new();
    for f in follow_up::Entity::find()
        .filter(follow_up::Column::PlacementId.is_in(placement_rows.iter().map(|p| p.id)))
        .order_by_asc(follow_up::Column::DueOn)
        .all(db)
        .await?
    {
        follow_ups.entry(f.placement_id).or_default().push(f);
    }
    let employer_ids = placement_rows
        .iter()
        .map(|p| p.employer_id)
        .chain(experience_rows.iter().map(|x| x.employer_id));
    let employer_names: HashMap<i32, String> = employer::Entity::find()
        .select_only()
        .column(employer::Column::Id)
        .column(employer::Column::Name)
        .filter(employer::Column::OfficeId.eq(office_id))
        .filter(employer::Column::Id.is_in(employer_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let staff_ids = seeker
        .staff_in_charge_id
        .into_iter()
        .chain(notes.iter().filter_map(|n| n.staff_user_id));
    let staff_names: HashMap<i32, String> = staff_user::Entity::find()
        .select_only()
        .column(staff_user::Column::Id)
        .column(staff_user::Column::Name)
        .filter(staff_user::Column::OfficeId.eq(office_id))
        .filter(staff_user::Column::Id.is_in(staff_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let name_of = |id: i32| employer_names.get(&id).cloned().unwrap_or_default();
    let placements = placement_rows
        .into_iter()
        .map(|p| PlacementRecord {
            employer_name: name_of(p.employer_id),
            follow_ups: follow_ups.remove(&p.id).unwrap_or_default(),
            placement: p,
        })
        .collect();
    let experiences = experience_rows
        .into_iter()
        .map(|x| {
            let host = name_of(x.employer_id);
            (x, host)
        })
        .collect();
    let hosts = experience_hosts(db, office_id).await?;
    Ok(SeekerRecord {
        seeker,
        prefecture_name,
        occupation_names,
        staff_names,
        notes,
        referrals,
        placements,
        experiences,
        hosts,
    })
}

/// Employers that can host a 見学・体験・実習: those that said they take visits, trials or
/// internships, then the others, by name; at most [`HOST_CHOICES`].
pub async fn experience_hosts(
    db: &DatabaseConnection,
    office_id: i32,
) -> ServiceResult<Vec<(i32, String)>> {
    use sea_orm::sea_query::{Condition, Expr, ExprTrait};
    let takes_experience = Condition::any()
        .add(Expr::col(employer::Column::Cooperation).like("%\"visit\"%"))
        .add(Expr::col(employer::Column::Cooperation).like("%\"experience\"%"))
        .add(Expr::col(employer::Column::Cooperation).like("%\"internship\"%"));
    let query = |hosting: bool, limit: u64| {
        employer::Entity::find()
            .select_only()
            .column(employer::Column::Id)
            .column(employer::Column::Name)
            .filter(employer::Column::OfficeId.eq(office_id))
            .filter(employer::Column::Status.ne(EmployerStatus::Pending))
            .filter(if hosting {
                takes_experience.clone()
            } else {
                takes_experience.clone().not()
            })
            .order_by_asc(employer::Column::NameKana)
            .limit(limit)
            .into_tuple::<(i32, String)>()
    };
    let mut hosts = query(true, HOST_CHOICES).all(db).await?;
    let rest = HOST_CHOICES - hosts.len() as u64;
    if rest > 0 {
        hosts.extend(query(false, rest).all(db).await?);
    }
    Ok(hosts)
}
