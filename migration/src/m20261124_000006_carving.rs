//! Job redesign: task breakdowns (作業分解書), the task-template catalogue, carving plans.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("task_breakdowns")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("employer_id"))
                .col(integer_null("job_order_id"))
                .col(string("name"))
                .col(integer("business_days"))
                .col(integer("open_minutes"))
                .col(integer("close_minutes"))
                .col(text("tasks_json"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_task_breakdowns_employer_id")
                        .from("task_breakdowns", "employer_id")
                        .to("employers", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("task_templates")
                .col(pk_auto("id"))
                .col(integer_null("office_id"))
                .col(string("name"))
                .col(string_len("kind", 16))
                .col(integer("minutes"))
                .col(text("description"))
                .col(text("demands_json"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("carving_plans")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("breakdown_id"))
                .col(string_len("mode", 16))
                .col(text("input_json"))
                .col(text("plan_json"))
                .col(integer("hourly_yen"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_carving_plans_breakdown_id")
                        .from("carving_plans", "breakdown_id")
                        .to("task_breakdowns", "id"),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["carving_plans", "task_templates", "task_breakdowns"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
