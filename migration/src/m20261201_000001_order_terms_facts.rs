//! The rest of the terms that matching weighs (full time, start date, the shifts) and that the
//! 求人管理簿 prints (workplace address, contract period, wage form and range) as columns of
//! `job_orders`, from the same version as the other facts, so that neither reads a version's
//! JSON per candidate or per row.
//!
//! Every order's `facts_version` goes back to 0; `services::job_orders::backfill_facts`, run by
//! `db::migrate` right after the migrations, fills the new columns in batches (the terms are
//! JSON that only the application can read).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 10] = [
    "full_time",
    "start_date",
    "shift_slots",
    "workplace_address",
    "contract_indefinite",
    "contract_months",
    "contract_days",
    "wage_form",
    "base_wage_min",
    "base_wage_max",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(COLUMNS[0])
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(COLUMNS[1]).date().null().to_owned(),
            ColumnDef::new(COLUMNS[2])
                .text()
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new(COLUMNS[3])
                .text()
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new(COLUMNS[4])
                .boolean()
                .not_null()
                .default(true)
                .to_owned(),
            ColumnDef::new(COLUMNS[5])
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(COLUMNS[6])
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(COLUMNS[7])
                .string_len(16)
                .not_null()
                .default("hourly")
                .to_owned(),
            ColumnDef::new(COLUMNS[8])
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(COLUMNS[9])
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table("job_orders")
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // Refilled from the terms by the backfill (which leaves the search text as it is).
        m.get_connection()
            .execute_unprepared("UPDATE job_orders SET facts_version = 0")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table("job_orders")
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
