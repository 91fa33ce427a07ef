//! Rows read as one packed value: the database turns a query's rows into one JSON array of
//! arrays (`json_group_array(json_array(…))` on SQLite, `json_agg(json_build_array(…))` on
//! PostgreSQL), and each row is deserialised from its array, field by field in column order.
//!
//! sqlx hands every row of SQLite from the connection's worker thread to the request through a
//! channel, and wakes the request's thread for it: a thousand candidates of matching were a
//! thousand wake-ups, and a quarter of its profile was the scheduler (docs/performance.md,
//! eighth session). Packed, they cross once.
use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, EntityTrait, IdenStatic, QuerySelect, QueryTrait,
};

/// The rows of `q` (whose output columns are `names`, in order) as `T`, in the order of
/// `order_by` (over the output columns, e.g. `"id DESC"` or `"received_on, id"`).
pub async fn rows<T, C>(
    db: &C,
    q: SelectStatement,
    names: &[&str],
    order_by: &str,
) -> Result<Vec<T>, DbErr>
where
    T: serde::de::DeserializeOwned,
    C: ConnectionTrait,
{
    let backend = db.get_database_backend();
    let inner = backend.build(&q);
    let list: Vec<String> = names.iter().map(|n| format!("t.{n}")).collect();
    let list = list.join(", ");
    let order: Vec<String> = order_by
        .split(',')
        .map(|o| format!("t.{}", o.trim()))
        .collect();
    let order = order.join(", ");
    let packed = aggregate(backend, &list, &order);
    let stmt = sea_orm::Statement::from_sql_and_values(
        backend,
        format!("SELECT {packed} AS packed FROM ({}) AS t", inner.sql),
        inner.values.map(|v| v.0).unwrap_or_default(),
    );
    let text: Option<String> = match db.query_one_raw(stmt).await? {
        Some(row) => row.try_get("", "packed")?,
        None => None,
    };
    match text {
        Some(t) => serde_json::from_str(&t).map_err(|e| DbErr::Type(format!("packed rows: {e}"))),
        None => Ok(Vec::new()),
    }
}

/// The SQL aggregate that packs the rows of a query into one JSON text: one array of `list`
/// (expressions) a row, in the order of `order` (also used inside a correlated subquery, e.g.
/// a ledger row's referral history).
pub fn aggregate(backend: DbBackend, list: &str, order: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("json_agg(json_build_array({list}) ORDER BY {order})::text"),
        _ => format!("json_group_array(json_array({list}) ORDER BY {order})"),
    }
}

/// The rows of `q` as `T`, each from `columns` in order (the first one an id), newest id
/// first.
pub async fn columns<T, E, C>(
    db: &C,
    q: sea_orm::Select<E>,
    columns: &[E::Column],
) -> Result<Vec<T>, DbErr>
where
    T: serde::de::DeserializeOwned,
    E: EntityTrait,
    C: ConnectionTrait,
{
    let names: Vec<&str> = columns.iter().map(|c| c.as_str()).collect();
    let q = q
        .select_only()
        .columns(columns.iter().copied())
        .into_query();
    rows(db, q, &names, &format!("{} DESC", names[0])).await
}

/// A boolean column inside packed rows: `true`/`false` from PostgreSQL, 1/0 from SQLite.
pub fn bool_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Number(i64),
    }
    Ok(match <B as serde::Deserialize>::deserialize(d)? {
        B::Bool(b) => b,
        B::Number(n) => n != 0,
    })
}
