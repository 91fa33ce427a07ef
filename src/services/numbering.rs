//! Allocating 求人番号 / 求職番号 / 紹介番号: unique per office, never reused, safe when many
//! are allocated at once (one atomic `UPDATE … RETURNING` per number; on PostgreSQL the row lock
//! serialises them, on SQLite the write lock does).
use crate::domain::numbering::{NumberKind, format_number};
use entity::number_sequence;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// The next number. Call it outside a longer transaction: a number taken by a transaction that
/// later fails is simply skipped, never handed out twice.
pub async fn allocate<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    kind: NumberKind,
    fiscal_year: i32,
) -> Result<String, DbErr> {
    number_sequence::Entity::insert(number_sequence::ActiveModel {
        office_id: Set(office_id),
        kind: Set(kind.code().to_owned()),
        year: Set(fiscal_year),
        last_value: Set(0),
    })
    .on_conflict(
        OnConflict::columns([
            number_sequence::Column::OfficeId,
            number_sequence::Column::Kind,
            number_sequence::Column::Year,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let update = Query::update()
        .table(number_sequence::Entity)
        .value(
            number_sequence::Column::LastValue,
            Expr::col(number_sequence::Column::LastValue).add(1),
        )
        .and_where(Expr::col(number_sequence::Column::OfficeId).eq(office_id))
        .and_where(Expr::col(number_sequence::Column::Kind).eq(kind.code()))
        .and_where(Expr::col(number_sequence::Column::Year).eq(fiscal_year))
        .returning_col(number_sequence::Column::LastValue)
        .to_owned();
    let row = db
        .query_one_raw(db.get_database_backend().build(&update))
        .await?
        .ok_or_else(|| DbErr::Custom("number sequence missing".into()))?;
    let value: i32 = row.try_get("", "last_value")?;
    Ok(format_number(kind, fiscal_year, value))
}
