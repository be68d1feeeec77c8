/* Private to the team module (src/team*.c): the roster's and the result's layout. */
#ifndef SAHA_INTERNAL_TEAM_H
#define SAHA_INTERNAL_TEAM_H

#include <stddef.h>
#include <stdint.h>

#include "internal/core.h"
#include "saha/team.h"
#include "saha/territory.h"

/* "source:line: message" of a failed rep plan */
#define SAHA_TEAM__MSG (SAHA_ERROR_SIZE + 160)

struct saha_team {
    saha_ctx *ctx;
    saha_territory_reps *reps; /* the file as read; members borrow its strings */
    saha_team_member *member;
    size_t n;
};

/* One rep of a result. */
typedef struct saha_team__slot {
    uint8_t *only;                /* naccounts flags: the rep's accounts */
    size_t naccounts;             /* how many flags are set */
    int selected;                 /* planned in this run (shard) */
    saha_plan *plan;              /* NULL when not selected or failed */
    saha_ctx *ctx;                /* the context the plan was made (and allocated) in */
    saha_status status;           /* of the plan */
    char message[SAHA_TEAM__MSG]; /* "source:line: message" of a failed plan */
} saha_team__slot;

struct saha_team_result {
    saha_ctx *ctx;
    const saha_team *team;
    const saha_account_set *accounts;
    size_t nacc, nrep;
    size_t *owner;         /* account -> rep, SIZE_MAX */
    uint8_t *kind;         /* account -> saha_team_owner_kind */
    const char **reason;   /* account -> assignment reason (arena) or NULL */
    saha_team__slot *slot; /* nrep */
    size_t nunassigned;
    saha__arena arena;
};

/* Reps in id order (strcmp): order[k] = team index. n entries, caller frees. */
size_t *saha_team__id_order(saha_ctx *ctx, const saha_team *team);

#endif
