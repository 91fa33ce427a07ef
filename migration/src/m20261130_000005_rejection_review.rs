//! The one-off review of 不受理 recorded before the labels of 職業安定法第5条の6第1項 3号 and 4号
//! were corrected: the app used to show 3号 as 「明示がない」 and 4号 as 「処分等を受けた者」, the
//! other way round from the law. Every refusal recorded under 3 or 4 gets a review row; staff
//! confirm or correct the ground, nothing is renumbered silently.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("rejection_reviews")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                // `job_order` or `employer`.
                .col(string_len("record_kind", 16))
                .col(integer("record_id"))
                // The ground as recorded (under the old, swapped labels).
                .col(string_len("recorded_ground", 4))
                .col(string_len_null("confirmed_ground", 4))
                .col(timestamp_with_time_zone_null("reviewed_at"))
                .col(integer_null("reviewed_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_rejection_reviews_office_id")
                        .from("rejection_reviews", "office_id")
                        .to("offices", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(crate::util::index(
            "rejection_reviews",
            &["record_kind", "record_id"],
            true,
        ))
        .await?;
        m.create_index(crate::util::index(
            "rejection_reviews",
            &["office_id", "reviewed_at"],
            false,
        ))
        .await?;
        let db = m.get_connection();
        let now = match m.get_database_backend() {
            sea_orm::DbBackend::Postgres => "CURRENT_TIMESTAMP",
            _ => "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')",
        };
        for (kind, table) in [("job_order", "job_orders"), ("employer", "employers")] {
            db.execute_unprepared(&format!(
                "INSERT INTO rejection_reviews (office_id, record_kind, record_id, recorded_ground, created_at) \
                 SELECT office_id, '{kind}', id, rejection_ground, {now} FROM {table} \
                 WHERE rejection_ground IN ('3', '4')"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("rejection_reviews").to_owned())
            .await?;
        Ok(())
    }
}
