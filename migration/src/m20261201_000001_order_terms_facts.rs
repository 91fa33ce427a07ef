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

/// The new columns of `job_orders`.
fn columns() -> [ColumnDef; 10] {
    let flag = |name: &'static str, default: bool| {
        ColumnDef::new(name)
            .boolean()
            .not_null()
            .default(default)
            .to_owned()
    };
    let int = |name: &'static str| {
        ColumnDef::new(name)
            .integer()
            .not_null()
            .default(0)
            .to_owned()
    };
    let text = |name: &'static str| {
        ColumnDef::new(name)
            .text()
            .not_null()
            .default("")
            .to_owned()
    };
    [
        flag("full_time", false),
        ColumnDef::new("start_date").date().null().to_owned(),
        text("shift_slots"),
        text("workplace_address"),
        flag("contract_indefinite", true),
        int("contract_months"),
        int("contract_days"),
        ColumnDef::new("wage_form")
            .string_len(16)
            .not_null()
            .default("hourly")
            .to_owned(),
        int("base_wage_min"),
        int("base_wage_max"),
    ]
}

fn alter(col: ColumnDef, add: bool) -> TableAlterStatement {
    let mut stmt = Table::alter();
    stmt.table("job_orders");
    if add {
        stmt.add_column(col);
    } else {
        stmt.drop_column(col.get_column_name());
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in columns() {
            m.alter_table(alter(col, true)).await?;
        }
        // Refilled from the terms by the backfill (which leaves the search text as it is).
        m.get_connection()
            .execute_unprepared("UPDATE job_orders SET facts_version = 0")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in columns() {
            m.alter_table(alter(col, false)).await?;
        }
        Ok(())
    }
}
