/*
 * pq_load.h - libpq, loaded when a PostgreSQL TM is first opened
 * (internal).
 *
 * Linked at build time, libpq brings two dozen libraries (TLS, Kerberos,
 * LDAP, ...) that the dynamic loader maps and relocates in every
 * process: about 14 million instructions and 10 ms before main(), which
 * a `newsloc segment` run per file in CI paid without ever connecting.
 * tm_pg.c calls libpq by its own names; after this header they go
 * through the table nl_pq__load fills.
 */
#ifndef NL_PQ_LOAD_H
#define NL_PQ_LOAD_H

#include <libpq-fe.h>

#include <newsloc/error.h>

/* The libpq functions newsloc calls: a field each, named as in libpq. */
#define NL_PQ_FUNCTIONS(X)                                                     \
  X(PQclear) X(PQconnectPoll) X(PQconnectStartParams) X(PQconnectdb)           \
  X(PQconninfoFree) X(PQconninfoParse) X(PQdb) X(PQerrorMessage) X(PQexec)     \
  X(PQexecParams) X(PQfinish) X(PQgetResult) X(PQgetisnull) X(PQgetvalue)      \
  X(PQhost) X(PQntuples) X(PQparameterStatus) X(PQport) X(PQputCopyData)       \
  X(PQputCopyEnd) X(PQrequestCancel) X(PQresultErrorField)                     \
  X(PQresultStatus) X(PQsendQueryParams) X(PQsetNoticeProcessor)              \
  X(PQsetSingleRowMode) X(PQsocket) X(PQstatus)

typedef struct nl_pq_api {
#define NL_PQ_FIELD(f) __typeof__(&f) f;
  NL_PQ_FUNCTIONS(NL_PQ_FIELD)
#undef NL_PQ_FIELD
} nl_pq_api;

/* Loads libpq once per process (later calls return at once). NL_EDB
 * naming the library when it cannot be loaded or lacks a function. */
int nl_pq__load(nl_error *err);

/* The table; valid after nl_pq__load succeeded. */
const nl_pq_api *nl_pq__api(void);

#ifndef NL_PQ_LOAD_SELF
#define PQclear (nl_pq__api()->PQclear)
#define PQconnectPoll (nl_pq__api()->PQconnectPoll)
#define PQconnectStartParams (nl_pq__api()->PQconnectStartParams)
#define PQconnectdb (nl_pq__api()->PQconnectdb)
#define PQconninfoFree (nl_pq__api()->PQconninfoFree)
#define PQconninfoParse (nl_pq__api()->PQconninfoParse)
#define PQdb (nl_pq__api()->PQdb)
#define PQerrorMessage (nl_pq__api()->PQerrorMessage)
#define PQexec (nl_pq__api()->PQexec)
#define PQexecParams (nl_pq__api()->PQexecParams)
#define PQfinish (nl_pq__api()->PQfinish)
#define PQgetResult (nl_pq__api()->PQgetResult)
#define PQgetisnull (nl_pq__api()->PQgetisnull)
#define PQgetvalue (nl_pq__api()->PQgetvalue)
#define PQhost (nl_pq__api()->PQhost)
#define PQntuples (nl_pq__api()->PQntuples)
#define PQparameterStatus (nl_pq__api()->PQparameterStatus)
#define PQport (nl_pq__api()->PQport)
#define PQputCopyData (nl_pq__api()->PQputCopyData)
#define PQputCopyEnd (nl_pq__api()->PQputCopyEnd)
#define PQrequestCancel (nl_pq__api()->PQrequestCancel)
#define PQresultErrorField (nl_pq__api()->PQresultErrorField)
#define PQresultStatus (nl_pq__api()->PQresultStatus)
#define PQsendQueryParams (nl_pq__api()->PQsendQueryParams)
#define PQsetNoticeProcessor (nl_pq__api()->PQsetNoticeProcessor)
#define PQsetSingleRowMode (nl_pq__api()->PQsetSingleRowMode)
#define PQsocket (nl_pq__api()->PQsocket)
#define PQstatus (nl_pq__api()->PQstatus)
#endif

#endif
