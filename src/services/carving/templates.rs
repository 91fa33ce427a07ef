//! The task catalogue: the shipped templates and each office's own.
use super::*;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::{Actor, audit, now};
use entity::task_template;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

/// The shipped catalogue (name, kind, minutes, demands, description).
pub(super) const TEMPLATES: &[(&str, &str, i32, &[&str], &str)] = &[
    (
        "封入作業",
        "core",
        60,
        &[],
        "書類を折り、封筒に入れて封をする",
    ),
    (
        "公用車洗車",
        "episodic",
        60,
        &["standing", "outdoors"],
        "公用車の外装洗車と車内清掃",
    ),
    (
        "花壇整備",
        "episodic",
        60,
        &["outdoors", "heat_cold"],
        "花壇の水やり・除草・植え替え",
    ),
    (
        "車椅子点検整備",
        "episodic",
        45,
        &["judgement"],
        "空気圧・ブレーキの点検と清拭",
    ),
    (
        "館内清掃",
        "core",
        120,
        &["standing"],
        "廊下・トイレ・ロビーの清掃",
    ),
    (
        "駐輪場整備",
        "core",
        30,
        &["outdoors"],
        "自転車の整列と清掃",
    ),
    (
        "PC文書作成",
        "core",
        60,
        &["pc", "reading"],
        "定型文書の入力・作成",
    ),
    (
        "庭園整備",
        "episodic",
        90,
        &["outdoors", "heat_cold"],
        "剪定補助・落ち葉清掃",
    ),
    (
        "檻の見回り",
        "core",
        30,
        &["outdoors"],
        "動物の檻の見回りと記録",
    ),
    ("袋詰め", "core", 60, &[], "商品・資材の袋詰め"),
    ("検品", "core", 60, &["judgement"], "製品の外観・数量の確認"),
    (
        "事務補助",
        "core",
        60,
        &["reading"],
        "コピー・ファイリング・郵便物の仕分け",
    ),
    ("内職", "core", 120, &[], "部品の組立て・封入などの軽作業"),
    (
        "公園清掃",
        "core",
        90,
        &["outdoors", "heat_cold"],
        "園内のごみ拾い・トイレ清掃",
    ),
    (
        "収穫作業",
        "episodic",
        120,
        &["outdoors", "standing", "heat_cold"],
        "野菜・果物の収穫と運搬",
    ),
    (
        "草刈り",
        "episodic",
        60,
        &["outdoors", "heat_cold"],
        "草刈り機・手作業による除草",
    ),
    (
        "資源化物の手選別",
        "core",
        120,
        &["standing"],
        "缶・瓶・ペットボトルの手選別",
    ),
    ("整網作業", "core", 120, &["judgement"], "漁網の補修・整理"),
    (
        "裁断",
        "core",
        90,
        &["standing", "judgement"],
        "革・布の裁断（裁断機を使用）",
    ),
    ("下張", "core", 60, &[], "芯材・裏地の貼り合わせ"),
    (
        "コバ塗り",
        "core",
        60,
        &[],
        "革の切り口（コバ）の塗装・磨き",
    ),
    ("縫製", "core", 120, &["judgement"], "ミシンによる縫製"),
    (
        "データ入力",
        "core",
        90,
        &["pc"],
        "伝票・アンケートのデータ入力",
    ),
    (
        "風呂桶洗い",
        "core",
        60,
        &["standing"],
        "浴場の桶・椅子の洗浄",
    ),
    ("清掃", "core", 60, &["standing"], "事務所・作業場の清掃"),
];

/// The shipped catalogue as task rows (daily, essential), in catalogue order.
pub fn catalogue() -> Vec<TaskRow> {
    TEMPLATES
        .iter()
        .map(|(name, kind, minutes, demands, description)| TaskRow {
            name: (*name).into(),
            description: (*description).into(),
            kind: (*kind).into(),
            frequency: "daily".into(),
            minutes: minutes.to_string(),
            demands: demands.iter().map(|d| (*d).to_owned()).collect(),
            essential: true,
            ..Default::default()
        })
        .collect()
}

/// Load the shipped templates once.
pub async fn seed_templates<C: ConnectionTrait>(db: &C) -> Result<(), sea_orm::DbErr> {
    if task_template::Entity::find()
        .filter(task_template::Column::OfficeId.is_null())
        .count(db)
        .await?
        > 0
    {
        return Ok(());
    }
    for (name, kind, minutes, demands, description) in TEMPLATES {
        task_template::ActiveModel {
            office_id: Set(None),
            name: Set((*name).into()),
            kind: Set((*kind).into()),
            minutes: Set(*minutes),
            description: Set((*description).into()),
            demands_json: Set(serde_json::to_string(demands).unwrap_or_else(|_| "[]".into())),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Shipped templates and the office's own.
pub async fn templates<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<Vec<task_template::Model>, sea_orm::DbErr> {
    task_template::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(task_template::Column::OfficeId.is_null())
                .add(task_template::Column::OfficeId.eq(office_id)),
        )
        .order_by_asc(task_template::Column::Id)
        .all(db)
        .await
}

/// An office adds a template of its own (from a task row).
pub async fn add_template<C: crate::services::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    row: &TaskRow,
) -> ServiceResult<task_template::Model> {
    let txn = crate::services::write_tx(db).await?;
    let db = &txn;
    let (tasks, e) = to_tasks(std::slice::from_ref(row));
    e.into_result()?;
    let t = tasks
        .first()
        .ok_or_else(|| ServiceError::Refused("作業名と時間を入力してください。".into()))?;
    let m = task_template::ActiveModel {
        office_id: Set(Some(office_id)),
        name: Set(t.name.clone()),
        kind: Set(if row.kind.is_empty() {
            "core".into()
        } else {
            row.kind.clone()
        }),
        minutes: Set(t.minutes as i32),
        description: Set(row.description.trim().to_owned()),
        demands_json: Set(serde_json::to_string(&row.demands).unwrap_or_else(|_| "[]".into())),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "task_template",
        Some(m.id.to_string()),
        "作業テンプレートを追加",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub fn row_from_template(t: &task_template::Model) -> TaskRow {
    TaskRow {
        name: t.name.clone(),
        description: t.description.clone(),
        kind: t.kind.clone(),
        frequency: "daily".into(),
        minutes: t.minutes.to_string(),
        demands: serde_json::from_str(&t.demands_json).unwrap_or_default(),
        essential: true,
        ..Default::default()
    }
}
