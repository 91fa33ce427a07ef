//! Small builders shared by the migrations.
use sea_orm_migration::prelude::*;

/// A foreign key `fk_{table}_{column}` to `to_table.id`.
pub fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, "id")
        .to_owned()
}

/// An index `ix_{table}_{columns}`.
pub fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(format!("ix_{}_{}", table, cols.join("_")))
        .table(table);
    for c in cols {
        stmt.col(*c);
    }
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}
