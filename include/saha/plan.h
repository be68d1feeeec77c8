/* saha/plan.h: the rep file, the weekly planning problem and its result (the itinerary).
 *
 * Flow: saha_rep_load() + saha_account_load() -> saha_plan_solve() -> saha_plan (opaque)
 * -> saha_plan_itinerary() gives a transparent, read-only itinerary that the exporters
 * and the CLI consume. The solver behind saha_plan_solve() can change without touching
 * callers. */
#ifndef SAHA_PLAN_H
#define SAHA_PLAN_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "saha/account.h"
#include "saha/error.h"
#include "saha/geo.h"
#include "saha/matrix.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SAHA_REP_MAX_DAYS_OFF 64
#define SAHA_REP_MAX_HOLIDAYS 128

/** A public holiday of the rep's calendar: not worked (end_min -1), or a half day worked
 *  until end_min (minutes after midnight), e.g. the eve of a Bayram until 13:00. */
typedef struct saha_rep_holiday {
    saha_datetime date;
    int end_min;
} saha_rep_holiday;

/** A rep and the working rules of the rep's week (the rep file, JSON). Times are minutes
 *  after local midnight. */
typedef struct saha_rep {
    char name[128];
    saha_latlon home;
    char timezone[64]; /**< IANA name, e.g. "Europe/Istanbul" */
    uint8_t days_mask; /**< bit d set: works on weekday d (0 = Monday) */
    int day_start_min, day_end_min;
    int lunch_min;                            /**< 0 = no lunch break */
    int lunch_earliest_min, lunch_latest_min; /**< lunch must start within this window */
    int max_drive_min;                        /**< per day; 0 = no limit */
    double max_km;                            /**< per day; 0 = no limit */
    int max_visits;                           /**< per day; 0 = no limit */
    saha_travel_model travel;
    double cost_per_km, cost_per_hour; /**< travel cost; hours are driving hours */
    char currency[8];
    int overnight_allowed;
    double hotel_cost;
    /** Days off (rep file "days_off": ["YYYY-MM-DD", ...]): no visit is planned on
     *  them even when their weekday is a working day. */
    size_t ndays_off;
    saha_datetime days_off[SAHA_REP_MAX_DAYS_OFF];
    /** Public holidays (rep file "holidays": dates or {"date", "until"}, and
     *  "holidays_file": a CSV of date,name[,until]), sorted by date. Accounts' "PH"
     *  opening hours apply on every holiday date (README "Visit plans over a quarter").
     */
    size_t nholidays;
    saha_rep_holiday holidays[SAHA_REP_MAX_HOLIDAYS];
    /** Per-weekday working windows (rep file "working_hours", opening_hours syntax, e.g.
     *  "Mo-Th 08:30-18:00; Fr 08:30-15:00"). When has_week_hours, weekday d is worked
     *  iff week_end_min[d] > week_start_min[d], from week_start_min[d] to
     *  week_end_min[d]; days_mask, day_start_min and day_end_min are set to the union. */
    int has_week_hours;
    int week_start_min[7], week_end_min[7];
    /** Default cadence tolerance, a share of frequency_days F (rep file
     *  "frequency_tolerance", default 0.2): a visit is on time within F x share days
     *  (rounded) of its due date; an account's `frequency_tolerance` column overrides
     *  it (README "Visit plans over a quarter"). */
    double frequency_tolerance;
    /** 1 (the default): lunch may fall during a drive between two points (the rep
     *  stops on the way), besides at home or after a visit; 0: only at a stop (rep file
     *  "lunch": {"on_the_road": false}). */
    int lunch_on_road;
} saha_rep;

/** Fills *out with the defaults (Mo-Fr 08:30-18:00, lunch 45 min in 12:00-14:00, ...). */
SAHA_API void saha_rep_defaults(saha_rep *out);
/** Reads a rep file (JSON, see README "Rep file"); missing keys keep their defaults.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE (source, line and the key named) */
SAHA_API saha_status saha_rep_load(saha_rep *out, saha_ctx *ctx, const char *path);
SAHA_API saha_status saha_rep_parse(saha_rep *out, saha_ctx *ctx, const char *source,
                                    const char *data, size_t len);

typedef enum saha_objective {
    SAHA_OBJECTIVE_PROFIT = 0, /**< maximise value won minus travel cost */
    SAHA_OBJECTIVE_VALUE,      /**< maximise value within budgets, then least travel */
    SAHA_OBJECTIVE_COST        /**< visit everything, least travel */
} saha_objective;

/** Visit log (`saha plan --visits`): what happened to planned visits. CSV read with the
 *  account reader's dialect (BOM, sniffed , ; or tab delimiter, quotes, CRLF); columns
 *  id, when (local "YYYY-MM-DD HH:MM"), outcome, notes (optional); header aliases
 *  (kod, account_id / zaman, tarih, time, datetime / sonuç, sonuc, result, status /
 *  not, notlar, note) and outcome aliases (yapıldı, yapildi, tamam, visited, ok /
 *  iptal, canceled / gelmedi, no-show, noshow, yok / ertelendi, ertele, moved). For
 *  `rescheduled`, `when` is the new appointment. */
typedef enum saha_visit_outcome {
    SAHA_VISIT_DONE = 0,
    SAHA_VISIT_CANCELLED,
    SAHA_VISIT_NO_SHOW,
    SAHA_VISIT_RESCHEDULED
} saha_visit_outcome;

typedef struct saha_visit_entry {
    size_t line;    /**< input line of the row */
    size_t account; /**< index of the valid account */
    saha_datetime when;
    saha_visit_outcome outcome;
    const char *notes; /**< "" when none (borrowed) */
} saha_visit_entry;

typedef struct saha_visit_log saha_visit_log;
/** Reads a visit log; every row must name a valid account of `accounts`.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE ("FILE:LINE: FIELD: reason"), SAHA_ENOMEM */
SAHA_API saha_status saha_visit_log_load(saha_visit_log **out, saha_ctx *ctx,
                                         const char *path,
                                         const saha_account_set *accounts);
SAHA_API saha_status saha_visit_log_parse(saha_visit_log **out, saha_ctx *ctx,
                                          const char *source, const char *data,
                                          size_t len, const saha_account_set *accounts);
SAHA_API void saha_visit_log_free(saha_visit_log *log);
SAHA_API size_t saha_visit_log_count(const saha_visit_log *log);
/** The name the log was read from (for messages). */
SAHA_API const char *saha_visit_log_source(const saha_visit_log *log);
SAHA_API const saha_visit_entry *saha_visit_log_at(const saha_visit_log *log, size_t i);

/** One visit of a previous itinerary (the CSV `saha plan --csv` wrote). */
typedef struct saha_previous_visit {
    size_t line;
    size_t account;
    saha_datetime date; /**< hour/minute: the planned visit start */
    size_t seq;         /**< order in its day, 1-based */
    int confirmed;      /**< `confirmed` column true: keep the day, move little */
    const char *uid;    /**< `uid` column ("" = none; then the old account+date UID) */
    unsigned sequence;  /**< `sequence` column (ICS SEQUENCE), 0 when none */
    const char *etag;   /**< `etag` column: the CalDAV ETag last seen ("" none) */
    /** `night_before` / `night_after` columns: the account near which the rep spent
     *  (spends) the night before (after) this visit's day at a hotel, SIZE_MAX = at
     *  home. A re-plan keeps the nights before the moment and carries the booked
     *  ones over (README "Re-planning the week"). */
    size_t night_before, night_after;
} saha_previous_visit;

typedef struct saha_previous_plan saha_previous_plan;
/** Reads an itinerary CSV (columns date, id, start required; seq, confirmed, uid,
 *  sequence, etag, night_before, night_after optional). Unknown ids are errors, in
 *  the night columns too.
 *  @return SAHA_OK, SAHA_EIO, SAHA_EPARSE, SAHA_ENOMEM */
SAHA_API saha_status saha_previous_plan_load(saha_previous_plan **out, saha_ctx *ctx,
                                             const char *path,
                                             const saha_account_set *accounts);
SAHA_API saha_status saha_previous_plan_parse(saha_previous_plan **out, saha_ctx *ctx,
                                              const char *source, const char *data,
                                              size_t len,
                                              const saha_account_set *accounts);
SAHA_API void saha_previous_plan_free(saha_previous_plan *prev);
SAHA_API size_t saha_previous_plan_count(const saha_previous_plan *prev);
SAHA_API const saha_previous_visit *saha_previous_plan_at(const saha_previous_plan *prev,
                                                          size_t i);

/** Default stability as a share of the mean value a plannable visit earns (1: a move
 *  must win as much as a typical visit is worth). */
#define SAHA_PLAN_STABILITY_SHARE 1.0

/** What a quarter plan does when the cadences cannot all be kept (opts->overload). */
typedef enum saha_overload {
    SAHA_OVERLOAD_NONE = 0, /**< plan what fits; the value decides what is left out */
    SAHA_OVERLOAD_STRETCH, /**< stretch every interval by the smallest factor that fits */
    SAHA_OVERLOAD_DROP     /**< drop the least valuable visits (value per hour) */
} saha_overload;

#define SAHA_PLAN_OPTIONS_VERSION 1

/** Options of saha_plan_solve; initialise with saha_plan_options_init. */
typedef struct saha_plan_options {
    unsigned version; /**< SAHA_PLAN_OPTIONS_VERSION */
    saha_objective objective;
    saha_datetime start; /**< first day of the horizon (year 0 = next Monday is the
                              caller's job; must be set) */
    int horizon_days;    /**< calendar days from start; default 7 */
    uint64_t seed;
    size_t iterations;   /**< 0 = solver default */
    double time_limit_s; /**< 0 = none (iterations only). Bounds the whole call: the
                              optimiser gets what is left after the travel matrix
                              and the model are built (it always finishes its first
                              solution and local search, however little is left) */
    unsigned threads;    /**< 0 = all cores */
    saha_matrix_options matrix;
    saha_progress_fn progress;
    void *payload;
    /** Balance term, >= 0 (0 = off): each working day costs balance x h^2 more, h =
     *  the day's hours of driving and visits (waiting and lunch not counted), in the
     *  rep's currency (objective profit). For a fixed total, the sum of squares is
     *  least when the days are equal, so the term moves work from long days to short
     *  ones; e.g. 10 means a 9 h day plus a 3 h day cost 10 x (81 + 9 - 2 x 36) = 180
     *  more than two 6 h days. With objectives value and cost, whose travel is counted
     *  in metres, a currency unit counts as the metres it buys at rep cost_per_km (1 km
     *  when that is 0), so there the term weighs against distance, not value. */
    double balance;
    /** With progress and objective profit: when not NULL, *progress_best holds the
     *  best profit found so far (value won minus travel cost, balance and hotel terms,
     *  in the rep's currency) at each progress call of the optimiser; NAN before its
     *  first report (e.g. while the travel matrix is built). */
    double *progress_best;
    /** NULL = plan every valid account of the set. Otherwise saha_account_count()
     *  flags: account i is planned only when only[i] != 0; the others are not part of
     *  the problem at all (not in the travel matrix, not in the skipped list). Account
     *  indexes in the itinerary still refer to the whole set (saha team plans each rep
     *  on its own accounts this way). Borrowed for the call. */
    const uint8_t *only;
    /* ---- Re-planning (README "Re-planning the week"); all optional. ---- */
    const saha_visit_log *visits;       /**< what happened; NULL = nothing logged */
    const saha_previous_plan *previous; /**< the plan being revised; NULL = none */
    /** The moment of the re-plan (local): visits before it are frozen (from the log, or
     *  the previous plan where the log is silent); planning resumes from it. year 0 =
     *  none (plan the whole horizon; then visits and previous only inform). */
    saha_datetime moment;
    /** Where the rep is at the moment (has_position): the rest of the moment's day
     *  starts there (at position_min), the legs from it by the rep's travel model
     *  (estimates). Without it the day goes on from the last visit done today (the
     *  frozen visits), else from home. */
    int has_position;
    saha_latlon position;
    /** Currency a previous visit's move (or drop) must win to happen; < 0 = default:
     *  SAHA_PLAN_STABILITY_SHARE (1) x the mean value a plannable visit earns. */
    double stability;
    /** A confirmed previous visit (or an appointment) keeps its day and starts within
     *  this many minutes of its time; default 30. */
    int confirmed_slack_min;
    /** Extra days off (besides rep->days_off). */
    size_t ndays_off;
    const saha_datetime *days_off;
    /** Urgent accounts (indices): must be visited today or on the next working day. */
    size_t nurgent;
    const size_t *urgent;
    /** With has_position: the minutes after local midnight from which the rep is free
     *  at position on the moment's day (>= the moment's time); 0 = the moment. */
    int position_min;
    /* ---- Quarter plans (README "Visit plans over a quarter"); all optional. ---- */
    /** 1: dated cadence visits (`saha plan --weeks`): an account with frequency_days F
     *  and tolerance T gets visit windows F apart, each T/2 days either side of its
     *  centre (so consecutive visits are F +- T apart), the centres chosen over the
     *  whole horizon so that nearby accounts share days. 0: the weekly periods. */
    int cadence;
    saha_overload overload; /**< with cadence: when the work exceeds the time */
    /** With cadence: accounts first due within this many days after the horizon may get
     *  an early visit when time is left (it earns half the value). 0 = none. */
    int spare_days;
    /** With cadence: NULL, or per account of the set the interval (days) to use when its
     *  own frequency_days is 0, e.g. from saha_plan_suggest_cadence. Borrowed. */
    const int *frequency_days;
    /** With cadence: even weeks. The day assignment keeps each week's estimated work
     *  within this share (0.15 = +-15 %) of its target, the horizon's mean week scaled
     *  by the week's working time (a week with a holiday gets less), as far as the
     *  cadence windows allow. 0 = no week term (as before). */
    double week_band;
    /** Big lists (see SAHA_PLAN_MAX_CANDIDATES): past this many accounts with
     *  coordinates (not a re-plan), the plan keeps every must-visit and appointment
     *  account, then the best of the others until it holds this many (more when the
     *  required ones alone are more), and skips the rest as SAHA_SKIP_NOT_CONSIDERED.
     *  1 to SAHA_PLAN_MAX_MODEL_ACCOUNTS, else SAHA_EINVAL; init sets
     *  SAHA_PLAN_MAX_CANDIDATES and 0 means the same. The travel matrix and the model
     *  grow as its square (tests/bench/RESULTS.md gives the peak memory). */
    size_t max_candidates;
} saha_plan_options;
/** Sets the defaults: objective profit, 7 days, seed 1, solver defaults, the model
 *  matrix (saha_matrix_options_init), no balance term, stability -1 (the default),
 * confirmed slack 30 min, max_candidates SAHA_PLAN_MAX_CANDIDATES; start must still be
 * set.
 *  @return SAHA_OK, or SAHA_EINVAL for an unknown version */
SAHA_API saha_status saha_plan_options_init(saha_plan_options *opts, unsigned version);

/** A suggested cadence (`saha plan --tiers A:7,B:14,C:28,D:56`): the valid accounts
 *  without frequency_days, ranked by value x probability, are cut into as many equal
 *  groups as the spec has tiers, the most valuable first (ties by input order). Writes
 *  per account of the set freq_out[i] (days, 0 = none: the account has its own cadence or
 *  is not valid) and tier_out[i] (the tier's letter, '\0' none); either may be NULL.
 *  @return SAHA_OK, SAHA_EINVAL ("tiers: ..." for a malformed spec), SAHA_ENOMEM */
SAHA_API saha_status saha_plan_suggest_cadence(saha_ctx *ctx, const saha_account_set *set,
                                               const char *spec, int *freq_out,
                                               char *tier_out);

/** Cadence urgency of an account for a horizon starting on `start`: the factor its
 *  value is multiplied by. With frequency_days F > 0 and a last_visit L, the account is
 *  due on L + F; overdue = days from that due date to `start`. Then
 *
 *      urgency = 1 + min(max(overdue, 0) / F, 2)
 *
 *  so a just-due account counts as is, one a whole cycle late counts double, and the
 *  factor stops growing at 3 (two cycles or more late). Accounts without cadence, or
 *  without a last_visit, or not yet due: 1. What a visit earns is
 *  value x probability x urgency.
 *  @return the factor, in [1, 3] */
SAHA_API double saha_plan_urgency(const saha_account *account, saha_datetime start);

/** Big account lists: when more accounts with coordinates are to be planned than this
 *  (the default of saha_plan_options.max_candidates), saha_plan_solve plans every
 *  must-visit and appointment account (in a re-plan also every account of the previous
 *  plan, the visit log and the urgent list) plus the best of the others by expected
 *  value per hour (visit
 *  time plus the travel its neighbourhood needs, discounted with the distance from
 *  home) up to this many; the rest are skipped as SAHA_SKIP_NOT_CONSIDERED. The
 *  travel matrix and the model stay O(SAHA_PLAN_MAX_CANDIDATES^2) in time and memory
 *  whatever the list size (issue #19, D7). */
#define SAHA_PLAN_MAX_CANDIDATES 1000

/** The most accounts one plan's model holds. Must-visit and appointment accounts are
 *  always planned (the preselection keeps them all), and a re-plan keeps every account
 *  with coordinates; when that makes more than this many, saha_plan_solve refuses with
 *  SAHA_ELIMIT before building anything (the matrix and the model grow as n^2: 5,000
 *  accounts take about 0.8 GB, more with a daily km cap). Split such a list by
 *  territory and plan each rep's part (issue #19, Deliver 2). */
#define SAHA_PLAN_MAX_MODEL_ACCOUNTS 5000

/** Why an account was left out. Values are append-only. */
typedef enum saha_skip_reason {
    SAHA_SKIP_NONE = 0,
    SAHA_SKIP_NO_COORDS,       /**< missing coordinates */
    SAHA_SKIP_CLOSED,          /**< closed on every working day of the horizon */
    SAHA_SKIP_NO_TIME,         /**< would fit no day's remaining time */
    SAHA_SKIP_NOT_WORTH,       /**< value below its cheapest insertion cost */
    SAHA_SKIP_DRIVE_LIMIT,     /**< unreachable within the daily drive limit */
    SAHA_SKIP_OUTSIDE_HORIZON, /**< appointment outside the planned days */
    SAHA_SKIP_UNROUTABLE, /**< OSRM moved it farther than snap_max_m to reach a road */
    SAHA_SKIP_DONE,       /**< visited already (visit log), not due again yet */
    SAHA_SKIP_CANCELLED,  /**< cancelled by the customer (visit log) */
    /** not among the SAHA_PLAN_MAX_CANDIDATES best of a larger list (value per hour
     *  of visit and nearby travel); see saha_plan_solve */
    SAHA_SKIP_NOT_CONSIDERED,
    SAHA_SKIP_NOT_DUE /**< quarter plan: its cadence owes no visit in the horizon */
} saha_skip_reason;

/** Short stable name: "no_coords", "closed", "no_time", "not_worth", "drive_limit",
 *  "outside_horizon", "unroutable", "done", "cancelled", "not_considered", "not_due". */
SAHA_API const char *saha_skip_reason_name(saha_skip_reason r);

/** One visit. Times are seconds after local midnight of the stop's day. */
typedef struct saha_plan_stop {
    size_t account;      /**< index of the valid account in the set */
    int32_t arrive_s;    /**< arrival at the account */
    int32_t start_s;     /**< visit start (>= arrive_s: waits for opening/appointment) */
    int32_t depart_s;    /**< visit end */
    double leg_m, leg_s; /**< drive from the previous point (home for the first) */
    double value;        /**< what the visit earns (value x probability x urgency) */
    int leg_estimated;   /**< 1: leg_m/leg_s are the road model's estimate, 0: road
                              data (OSRM, matrix file) */
    int frozen;          /**< before the re-plan moment: as logged / planned */
    int confirmed;       /**< confirmed (previous plan) or an appointment */
    const char *uid;     /**< calendar identity, stable across re-plans */
    unsigned sequence;   /**< ICS SEQUENCE: rises each time the visit changes */
    const char *etag;    /**< CalDAV ETag carried from the previous plan ("" none) */
} saha_plan_stop;

/** What a re-plan did to one visit. */
typedef enum saha_change_status {
    SAHA_CHANGE_KEPT = 0,
    SAHA_CHANGE_MOVED,
    SAHA_CHANGE_ADDED,
    SAHA_CHANGE_DROPPED,
    /** Nights away (change account: the account near the hotel; from/to: the date
     *  the night starts, hour 0): a night of the previous plan kept at its hotel
     *  (reason "spent" before the moment, "booked" after), cancelled (reason in
     *  words, e.g. "day off"), or new in this plan. */
    SAHA_CHANGE_NIGHT_KEPT,
    SAHA_CHANGE_NIGHT_CANCELLED,
    SAHA_CHANGE_NIGHT_ADDED
} saha_change_status;

/** "kept", "moved", "added", "dropped", "night_kept", "night_cancelled",
 *  "night_added". */
SAHA_API const char *saha_change_status_name(saha_change_status s);

/** What a skip's detail, or a re-plan change's reason, says: its code and arguments, so a
 *  report can word it in the reader's language (saha_export_detail_text(); with no
 *  translator its English is the `detail` or `reason` text byte for byte). Each code
 *  gives its English and the arguments it uses: num[] numbers, date[] dates (the
 *  appointment's with its time), weekday (0 = Monday), mask (weekdays, bit 0 = Monday),
 *  flag, text[] (borrowed, alive with the plan and its account set). */
typedef enum saha_detail_code {
    SAHA_DETAIL_NONE = 0, /**< no detail ("") */
    /* ---- skip details ---- */
    SAHA_DETAIL_NO_COORDS,  /**< "[required visit, but ]no coordinates[ for \"text0\": run
                                 saha geocode first]": flag = required, text0 = address
                                 ("" none) */
    SAHA_DETAIL_UNROUTABLE, /**< "[required visit, but ]the OSRM server moved it num0 m to
                                 reach a road (more than the num1 m allowed): ..." */
    SAHA_DETAIL_APPT_NOT_WORKING_DAY, /**< "appointment date0 is not on a working day" */
    SAHA_DETAIL_APPT_OUTSIDE,         /**< "appointment date0 is outside date1..date2" */
    SAHA_DETAIL_NO_SPAN,              /**< "the num0 min visit fits no opening span within
                                           num1-num2 (hours: text0)": num1, num2 minutes after
                                           midnight (the working day) */
    SAHA_DETAIL_CLOSED,        /**< "closed on mask in date1..date2 (hours: text0)" */
    SAHA_DETAIL_CANCELLED_LOG, /**< "cancelled by the customer (visit log line num0)" */
    SAHA_DETAIL_VISITED_NEXT,  /**< "visited already; next due date0 (every num0 days)" */
    SAHA_DETAIL_VISITED_WEEK,  /**< "visited already this week" */
    SAHA_DETAIL_NO_DAY_LEFT,   /**< "no working day left after the re-plan moment" */
    SAHA_DETAIL_NOT_DUE,       /**< "not due in the horizon: next due date0 (every num0
                                    days)" */
    SAHA_DETAIL_NO_OPEN_WINDOW, /**< "no working day it is open in any of its num0 visit
                                     windows" */
    SAHA_DETAIL_NOT_CONSIDERED, /**< "not among the num0 best of a longer list (value per
                                     hour)" */
    SAHA_DETAIL_EARNS,    /**< "earns num0 text0; the cheapest insertion (weekday date0)
                               adds num1 text0 of travel[ and day balance (--balance)]":
                               money in currency units (text0), flag = with balance */
    SAHA_DETAIL_NO_VALUE, /**< "no value to win (value num0 x probability num1)" */
    SAHA_DETAIL_FEASIBLE_KM, /**< "a feasible insertion on weekday adds num0 km" */
    SAHA_DETAIL_DRIVE_BOTH,  /**< "round trip from home num0 min / num1 km; every day
                                  would pass the num2 min / num3 km daily drive limit" */
    SAHA_DETAIL_DRIVE_KM,    /**< "round trip from home num1 km; every day would pass the
                                  num3 km daily limit" */
    SAHA_DETAIL_DRIVE_MIN,   /**< "round trip from home num0 min of driving; every day
                                  would pass the num2 min daily drive limit" */
    SAHA_DETAIL_DAYS_FULL,   /**< "every day it is open is full (a num0 min visit; hours:
                                  text0)" */
    SAHA_DETAIL_TOO_LONG,    /**< "even alone, the drive there and back plus the num0 min
                                  visit does not fit a working day within its hours
                                  (text0)" */
    /* ---- re-plan change reasons ---- */
    SAHA_DETAIL_DAY_OFF,        /**< "day off" */
    SAHA_DETAIL_RESCHEDULED,    /**< "rescheduled by the customer" */
    SAHA_DETAIL_DONE_ON_DAY,    /**< "done on weekday (visit log)" (full weekday name) */
    SAHA_DETAIL_DAY_PAST,       /**< "weekday is past" */
    SAHA_DETAIL_ROOM_MUST,      /**< "made room for must-visit text0" (account id) */
    SAHA_DETAIL_ROOM_APPT,      /**< "made room for the appointment of text0" */
    SAHA_DETAIL_NO_ROOM,        /**< "no room left on weekday" */
    SAHA_DETAIL_FITS_BETTER,    /**< "fits better on weekday" */
    SAHA_DETAIL_WORTH_MORE,     /**< "worth num0 text0 more on weekday" (grouped money) */
    SAHA_DETAIL_KM_LESS,        /**< "num0 km less on weekday" */
    SAHA_DETAIL_CANCELLED,      /**< "cancelled by the customer" */
    SAHA_DETAIL_DONE_ON_DATE,   /**< "done on date0" */
    SAHA_DETAIL_NOT_DONE,       /**< "not done (visit log)" */
    SAHA_DETAIL_SKIPPED,        /**< "text0: inner" (text0 = the skip reason's name, skip
                                     its reason, inner its detail) */
    SAHA_DETAIL_ELSEWHERE,      /**< "visited on another day already" */
    SAHA_DETAIL_URGENT,         /**< "urgent" */
    SAHA_DETAIL_DONE_LOG,       /**< "done (visit log)" */
    SAHA_DETAIL_REBOOKED,       /**< "re-booked by the customer" */
    SAHA_DETAIL_MUST_VISIT,     /**< "must-visit" */
    SAHA_DETAIL_WORTH_VISIT,    /**< "worth a visit now" */
    SAHA_DETAIL_DONE,           /**< "done" */
    SAHA_DETAIL_CONFIRMED,      /**< "confirmed" */
    SAHA_DETAIL_SAME_DAY,       /**< "same day" */
    SAHA_DETAIL_NIGHT_SPENT,    /**< "spent" */
    SAHA_DETAIL_NIGHT_BOOKED,   /**< "booked" */
    SAHA_DETAIL_TRIP_CANCELLED, /**< "trip cancelled: its visits were cancelled or moved"
                                 */
    SAHA_DETAIL_NO_DAY_AFTER,   /**< "no working day after it" */
    SAHA_DETAIL_HOTEL_INSTEAD,  /**< "a hotel near text0 instead" (account id) */
    SAHA_DETAIL_NIGHT_NOT_WORTH, /**< "not worth a night away now" */
    SAHA_DETAIL_NIGHT_WORTH_NOW, /**< "worth a night away for the visits planned now" */
    SAHA_DETAIL_NIGHT_WORTH,     /**< "worth a night away" */
    SAHA_DETAIL_CODE_COUNT       /**< not a code: one past the last */
} saha_detail_code;

typedef struct saha_detail {
    saha_detail_code code;
    int flag;              /**< per code (see saha_detail_code) */
    int weekday;           /**< 0 = Monday */
    unsigned mask;         /**< weekdays, bit 0 = Monday */
    double num[4];         /**< per code: minutes, km, metres, money, counts */
    saha_datetime date[3]; /**< per code; date0 of an appointment with its time */
    const char *text[2];   /**< per code: hours, address, currency, an account id */
    saha_skip_reason skip; /**< SAHA_DETAIL_SKIPPED: the skip's reason */
    const struct saha_detail *inner; /**< SAHA_DETAIL_SKIPPED: the skip's detail */
} saha_detail;

typedef struct saha_plan_change {
    size_t account;
    saha_change_status status;
    saha_datetime from, to; /**< planned starts; year 0 = none (added / dropped) */
    const char *reason;     /**< in words, e.g. "day off", "cancelled by the customer" */
    const char *uid;        /**< the visit's calendar identity */
    unsigned sequence;      /**< dropped: the SEQUENCE of its cancellation */
    const char *etag;       /**< dropped: the CalDAV ETag last seen ("" none) */
    saha_detail why;        /**< reason as a code and its arguments */
} saha_plan_change;

typedef struct saha_plan_day {
    saha_datetime date;             /**< hour/minute 0 */
    int weekday;                    /**< 0 = Monday */
    saha_latlon start_pos, end_pos; /**< home unless overnight stays */
    int32_t leave_s, return_s;      /**< leave start (after lunch when lunch is taken at
                                         home first), arrive at end */
    int32_t lunch_start_s;          /**< -1: no lunch that day */
    int32_t lunch_s;                /**< lunch length */
    size_t lunch_after; /**< lunch taken after this many stops (0 = before the first,
                             at home; nstops with lunch_start_s >= return_s = at home
                             after the last leg) */
    double return_leg_m, return_leg_s; /**< last leg, to end_pos */
    size_t nstops;
    const saha_plan_stop *stops;
    double drive_m, drive_s; /**< totals, all legs including the return */
    double value;            /**< sum of stop values */
    /** Overnight stays: SIZE_MAX = the day starts (ends) at home; otherwise the index of
     *  the account near which the rep spent the night before (spends the night after)
     *  this day, at a hotel; start_pos (end_pos) is then that account's position. */
    size_t start_hotel, end_hotel;
    int return_leg_estimated; /**< 1: the return leg is the road model's estimate */
    /** Lunch on the road: seconds of the leg after lunch_after stops (the way home
     *  when lunch_after = nstops) driven before lunch starts. 0 = at the stop before
     *  the leg (at home before leaving when lunch_after is 0); the leg's whole drive =
     *  on arriving at its end, before the visit (or at home). */
    int32_t lunch_drive_s;
} saha_plan_day;

typedef struct saha_plan_skip {
    size_t account; /**< index of the valid account in the set */
    saha_skip_reason reason;
    const char *detail; /**< one line, e.g. "closed Mo-Fr (opens Sa 10:00-13:00)" */
    double value;       /**< value it would have earned */
    saha_detail why;    /**< detail as a code and its arguments */
} saha_plan_skip;

/** Cadence of one account over a quarter plan (opts->cadence). */
typedef struct saha_plan_cadence {
    size_t account;
    int frequency_days;         /**< the interval used (stretched when overloaded) */
    int tolerance_days;         /**< visits are on time within this many days */
    size_t required;            /**< visit windows that close inside the horizon */
    size_t planned;             /**< visits in the plan */
    size_t on_time;             /**< planned visits within tolerance of their due date */
    size_t dropped;             /**< required visits dropped by --overload drop */
    int largest_gap_days;       /**< between consecutive visits, last_visit included */
    saha_datetime next_due;     /**< first due date after the last planned visit */
    saha_datetime last_planned; /**< year 0: none */
    /** --overload drop: the days of each dropped visit's window (`dropped` entries,
     *  first and last day, date order; NULL when none), and the most any of them would
     *  have earned per hour of work (value over visit plus drive, currency per hour;
     *  0 none). */
    const saha_datetime *dropped_from, *dropped_to;
    double dropped_value_per_hour;
    /** --overload drop: per dropped window (`dropped` entries; NULL when none), 1 when
     *  it was kept by value but every day of its window was full of more valuable
     *  visits ("days full"; not counted in dropped_value_per_hour), 0 when dropped for
     *  its value. */
    const unsigned char *dropped_full;
} saha_plan_cadence;

/** The result, read-only. Day list covers the rep's working days in the horizon, in date
 *  order (a working day with no visits is listed with nstops 0). */
typedef struct saha_itinerary {
    const char *rep_name;
    const char *timezone;
    const char *currency;
    saha_latlon home;
    size_t ndays;
    const saha_plan_day *days;
    size_t nskipped;
    const saha_plan_skip *skipped;
    double value_won, value_left;
    double drive_m, drive_s, work_s; /**< work = from leaving home to returning, summed */
    double travel_cost;              /**< in currency */
    size_t nights;                   /**< nights away from home (overnight stays) */
    double hotel_cost;               /**< nights x the rep's hotel_cost, in currency */
    size_t legs, legs_estimated;     /**< driven legs (returns included), and how many
                                          of them are the road model's estimates */
    /** Re-plan (opts->previous set): one entry per previous visit (kept, moved or
     *  dropped) and per added visit, in account order, then one per night away of
     *  either plan (night_kept, night_cancelled, night_added) in date order; 0
     *  otherwise. */
    size_t nchanges;
    const saha_plan_change *changes;
    saha_datetime horizon_start; /**< opts->start: part of every UID */
    double stability;            /**< re-plan: the stability used (currency per move) */
    /* ---- Quarter plans (opts->cadence) ---- */
    size_t ncadence; /**< one entry per account with frequency_days, in account order */
    const saha_plan_cadence *cadence;
    double stretch;       /**< factor every interval was multiplied by (1: none) */
    double work_needed_s; /**< estimated working time the required visits need */
    double work_avail_s;  /**< working time of the horizon's days */
    /** --overload drop: the least an owed visit that was kept, and could have been
     *  dropped, earns per hour of work (currency per hour; 0 none): every dropped visit
     *  earns no more. Visits kept because an account keeps at least one do not count. */
    double drop_kept_value_per_hour;
    /* ---- Where the time of saha_plan_solve went (opts->time_limit_s bounds it all) */
    double build_s;  /**< the big list's preselection, the travel matrix and the model */
    double search_s; /**< the optimiser, its first solution and local search included */
    double total_s;  /**< the whole call: build, search, the itinerary and its reports */
    double search_budget_s; /**< what the time limit left the optimiser (0: no limit) */
    /** 1: the time limit ended the search (it ran its whole budget, or the build had
     *  used the limit up and only the first solution and its local search ran); 0: it
     *  ended on its own (the iteration bound, or no limit). */
    int stopped_by_limit;
} saha_itinerary;

typedef struct saha_plan saha_plan;

/** Plans the week: builds the travel matrix (opts->matrix) over home and the accounts
 *  with coordinates, then solves. Every valid account ends up either in the days' stops
 *  or once in the skipped list. It is in the stops once, or, when its frequency_days F
 *  is shorter than the horizon, up to once per period of F days counted from the day it
 *  is due (README "Cadence"; the first visit earns value x probability x urgency, each
 *  repeat value x probability).
 *  The rep's travel model (rep->travel) replaces opts->matrix.travel. Times in the
 *  itinerary are local to the rep's time zone (seconds after local midnight).
 *  @return SAHA_OK, SAHA_EINVAL (bad options, no home, no working day in the horizon),
 *          SAHA_EINFEASIBLE (required visits or
 *          appointments that cannot all be met: message names one), SAHA_ELIMIT (more
 *          than SAHA_PLAN_MAX_MODEL_ACCOUNTS to plan in one model: the message gives
 *          the count and the limit), matrix errors, SAHA_ENOMEM, SAHA_ECANCEL */
SAHA_API saha_status saha_plan_solve(saha_plan **out, saha_ctx *ctx, saha_geo *geo,
                                     const saha_account_set *accounts,
                                     const saha_rep *rep, const saha_plan_options *opts);
/** NULL is a no-op. */
SAHA_API void saha_plan_free(saha_plan *plan);
/** Records the CalDAV ETag now on the server for the visit with this UID (written to
 *  the itinerary CSV's etag column). @return SAHA_OK, SAHA_EINVAL (no such visit),
 *  SAHA_ENOMEM */
SAHA_API saha_status saha_plan_set_etag(saha_plan *plan, const char *uid,
                                        const char *etag);
/** Writes the cadence report of a quarter plan (it->cadence) as CSV, one row per
 *  account with frequency_days: id, name, frequency_days (as used: stretched when
 *  overloaded), tolerance_days, required (visits owed in the horizon), planned,
 *  on_time (planned visits F +- T after the previous one, last_visit included),
 *  dropped (--overload drop), largest_gap_days, last_planned, next_due (last visit +
 *  F), planned_dates (space separated), dropped_windows (--overload drop: each dropped
 *  visit's window as FIRST/LAST, ISO dates, space separated) and dropped_value_per_hour
 *  (the most a dropped visit would earn an hour of work, whole currency units; the
 *  visits dropped for their value) and dropped_days_full (of the dropped, how many were
 *  kept by value but found every day of their window full).
 *  @return SAHA_OK, SAHA_EIO, SAHA_ENOMEM */
SAHA_API saha_status saha_plan_cadence_csv(FILE *f, saha_ctx *ctx,
                                           const saha_itinerary *it,
                                           const saha_account_set *accounts);
/** The itinerary (borrowed, alive until saha_plan_free). */
SAHA_API const saha_itinerary *saha_plan_itinerary(const saha_plan *plan);

#ifdef __cplusplus
}
#endif
#endif /* SAHA_PLAN_H */
