/* plan_itinerary: a solution of the model -> the public, read-only saha_itinerary.
 *
 * Method: each day's route is timed by saha__vrp_schedule (the same rule the solver
 * uses), so the itinerary's times are the solver's; legs in metres and seconds come from
 * the unrounded travel matrix for display. Every account that is not on a route goes to
 * the skipped list with its reason (plan_reasons.c). Money: travel cost = km x per_km +
 * driving hours x per_hour over all legs.
 * Complexity: O(accounts + sum of route lengths) plus the reasons' insertion scans.
 * Invariant: each valid account appears in the days' stops (more than once only when
 * its cadence asks for several visits in the horizon, each on another day) or once in
 * skipped.
 * Caller: plan.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal/plan_model.h"
#include "saha/export.h" /* saha_export_detail_text: the details' English */

static int64_t civil_of(saha_datetime d)
{
    return saha__days_from_civil(d.year, d.month, d.day);
}

void saha_plan__store_free(saha_ctx *ctx, saha_plan__store *st)
{
    if (!st)
        return;
    saha__free(ctx, st->days);
    saha__free(ctx, st->stops);
    saha__free(ctx, st->skipped);
    saha__arena_free(&st->arena);
    memset(st, 0, sizeof *st);
}

saha_status saha_plan__itinerary_build(saha_plan__store *st, const saha_plan_model *m,
                                       const saha_vrp_solution *sol)
{
    saha_ctx *ctx = m->ctx;
    const saha_vrp *inst = &m->vrp;
    size_t nv = m->ndays, na = m->naccounts, nstops, nskip = 0, depot = inst->ncustomers;
    uint8_t *seen = NULL;
    int64_t *arrive = NULL, *start = NULL;
    saha_itinerary *it = &st->it;
    saha_status rc = SAHA_OK;
    char detail[400], scratch[128];

    memset(st, 0, sizeof *st);
    saha__arena_init(&st->arena, ctx);
    nstops = nv ? sol->route_start[nv] : 0;
    st->days = saha__calloc(ctx, nv + 1, sizeof *st->days);
    st->stops = saha__calloc(ctx, nstops + 1, sizeof *st->stops);
    st->skipped = saha__calloc(ctx, na + 1, sizeof *st->skipped);
    seen = saha__calloc(ctx, na + 1, 1);
    arrive = saha__alloc_array(ctx, nstops + 1, sizeof *arrive);
    start = saha__alloc_array(ctx, nstops + 1, sizeof *start);
    if (!st->days || !st->stops || !st->skipped || !seen || !arrive || !start) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    it->rep_name = saha__arena_strdup(&st->arena, m->rep.name);
    it->timezone = saha__arena_strdup(&st->arena, m->rep.timezone);
    it->currency = saha__arena_strdup(&st->arena, m->rep.currency);
    if (!it->rep_name || !it->timezone || !it->currency) {
        rc = SAHA_ENOMEM;
        goto done;
    }
    it->home = m->rep.home;
    for (size_t v = 0; v < nv; v++) {
        saha_plan_day *day = &st->days[v];
        size_t b = sol->route_start[v], len = sol->route_start[v + 1] - b;
        const size_t *seq = sol->order + b;
        saha_vrp_sched sc;
        const saha_vrp_vehicle *veh = &inst->vehicles[v];
        size_t prev = saha_plan__node_point(m, veh->start_node); /* matrix point */
        size_t endp = saha_plan__node_point(m, veh->end_node);

        day->date = m->days[v].date;
        day->weekday = m->days[v].weekday;
        day->start_pos = day->end_pos = m->rep.home;
        day->start_hotel = saha_plan__node_hotel(m, veh->start_node);
        day->end_hotel = saha_plan__node_hotel(m, veh->end_node);
        if (veh->start_node == m->pos_node && m->pos_node != SIZE_MAX) {
            day->start_pos = m->rp->position; /* a re-plan's --position */
            /* the night before was still at the hotel the day before ended at */
            if (v > 0 && civil_of(day->date) == civil_of(m->days[v - 1].date) + 1)
                day->start_hotel =
                    saha_plan__node_hotel(m, inst->vehicles[v - 1].end_node);
        }
        if (day->start_hotel != SIZE_MAX && veh->start_node != m->pos_node) {
            const saha_account *h = saha_account_at(m->accounts, day->start_hotel);
            day->start_pos.lat_deg = h->lat_deg;
            day->start_pos.lon_deg = h->lon_deg;
        }
        if (day->end_hotel != SIZE_MAX) {
            const saha_account *h = saha_account_at(m->accounts, day->end_hotel);
            day->end_pos.lat_deg = h->lat_deg;
            day->end_pos.lon_deg = h->lon_deg;
            it->nights++;
        }
        day->stops = st->stops + b;
        day->nstops = len;
        day->lunch_s = (int32_t)(m->rep.lunch_min * 60);
        if (len == 0 && prev == endp) {
            day->leave_s = day->return_s = (int32_t)(m->rep.day_start_min * 60);
            day->lunch_start_s = -1;
            continue;
        }
        if (!saha__vrp_schedule(inst, v, seq, len, arrive + b, start + b, &sc)) {
            rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0,
                                 "internal: the solver's route for %04d-%02d-%02d is not "
                                 "feasible",
                                 day->date.year, day->date.month, day->date.day);
            goto done;
        }
        day->leave_s = (int32_t)sc.depart_start;
        day->return_s = (int32_t)sc.arrive_end;
        day->lunch_start_s = sc.break_start >= 0 ? (int32_t)sc.break_start : -1;
        day->lunch_after = sc.break_start >= 0 ? sc.break_after : 0;
        day->lunch_drive_s = sc.break_start >= 0 ? (int32_t)sc.break_drive : 0;
        /* On the road the schedule's departure starts the day's drive, unless lunch is
         * taken at home before leaving. */
        if (veh->break_on_road) {
            if (len > 0 && sc.break_start >= 0 && sc.break_after == 0 &&
                sc.break_drive == 0)
                day->leave_s = (int32_t)(sc.break_start + veh->break_duration);
        } else if (len == 0) {
            /* A day between two hotels without visits: the drive from one to the other
             * (after lunch when it is taken before leaving). */
            day->leave_s = (int32_t)(sc.arrive_end - sc.travel_time);
        } else if (sc.break_start >= 0 && sc.break_after == 0) {
            /* Lunch before leaving: the day's drive starts after it. */
            day->leave_s = (int32_t)(arrive[b] -
                                     inst->time[veh->start_node * inst->nnodes + seq[0]]);
        }
        for (size_t k = 0; k < len; k++) {
            size_t c = seq[k], a = m->account_of[c], mp = m->mat_of[a];
            saha_plan_stop *s = &st->stops[b + k];
            int twice = c >= depot;
            for (size_t j = 0; j < k && !twice; j++)
                twice = st->stops[b + j].account == a;
            if (twice) {
                rc =
                    saha__error_set(ctx, SAHA_ERR, NULL, 0, 0,
                                    "internal: account %zu is visited twice in a day", a);
                goto done;
            }
            seen[a] = 1;
            s->account = a;
            s->arrive_s = (int32_t)arrive[b + k];
            s->start_s = (int32_t)start[b + k];
            s->depart_s = (int32_t)(start[b + k] + inst->service[c]);
            s->leg_m = m->dist_m[prev * m->nmat + mp];
            s->leg_s = m->dur_s[prev * m->nmat + mp];
            s->leg_estimated = saha_plan__leg_estimated(m, prev, mp);
            it->legs++;
            it->legs_estimated += (size_t)s->leg_estimated;
            s->value = m->visit_earn[c];
            s->frozen = m->frozen_day && m->frozen_day[c] != SIZE_MAX;
            s->confirmed = (m->confirmed && m->confirmed[c]) ||
                           saha_account_at(m->accounts, a)->has_appointment;
            s->uid = "";
            s->etag = "";
            day->drive_m += s->leg_m;
            day->drive_s += s->leg_s;
            day->value += s->value;
            prev = mp;
            if (c == m->pos_after) /* the re-plan's position: the day goes on there */
                prev = m->rp->pos_point;
        }
        day->return_leg_m = m->dist_m[prev * m->nmat + endp];
        day->return_leg_s = m->dur_s[prev * m->nmat + endp];
        day->return_leg_estimated = saha_plan__leg_estimated(m, prev, endp);
        if (len > 0) {
            it->legs++;
            it->legs_estimated += (size_t)day->return_leg_estimated;
        }
        day->drive_m += day->return_leg_m;
        day->drive_s += day->return_leg_s;
    }
    for (size_t v = 0; v < nv; v++) {
        const saha_plan_day *day = &st->days[v];
        it->value_won += day->value;
        it->drive_m += day->drive_m;
        it->drive_s += day->drive_s;
        if (day->nstops)
            it->work_s += day->return_s - day->leave_s;
    }
    it->travel_cost = it->drive_m / 1000.0 * m->rep.cost_per_km +
                      it->drive_s / 3600.0 * m->rep.cost_per_hour;
    it->hotel_cost = (double)it->nights * m->rep.hotel_cost;
    for (size_t a = 0; a < na; a++) {
        saha_plan_skip *sk;
        int not_considered = 0;
        if (seen[a])
            continue;
        if (m->only && !m->only[a]) {
            /* a big list's preselection left out an account the caller asked for */
            if (!m->preselected || (m->user_only && !m->user_only[a]))
                continue;
            not_considered = 1;
        }
        sk = &st->skipped[nskip++];
        sk->account = a;
        if (not_considered) {
            sk->reason = SAHA_SKIP_NOT_CONSIDERED;
            memset(&sk->why, 0, sizeof sk->why);
            sk->why.code = SAHA_DETAIL_NOT_CONSIDERED;
            sk->why.num[0] = (double)m->presel_cap;
        } else {
            sk->reason = saha_plan__reason(m, sol, a, &sk->why, scratch, sizeof scratch);
        }
        /* the detail's texts live as long as the plan; its English is `detail` */
        for (int k = 0; k < 2; k++)
            if (sk->why.text[k] &&
                !(sk->why.text[k] = saha__arena_strdup(&st->arena, sk->why.text[k]))) {
                rc = SAHA_ENOMEM;
                goto done;
            }
        (void)saha_export_detail_text(detail, sizeof detail, NULL, &sk->why, NULL);
        sk->detail = saha__arena_strdup(&st->arena, detail);
        if (not_considered) {
            const saha_account *acc = saha_account_at(m->accounts, a);
            sk->value =
                acc->value * acc->probability * saha_plan_urgency(acc, m->presel_start);
        } else {
            sk->value = m->earn[a];
        }
        it->value_left += sk->value;
        if (!sk->detail) {
            rc = SAHA_ENOMEM;
            goto done;
        }
    }
    it->ndays = nv;
    it->days = st->days;
    it->nskipped = nskip;
    {
        /* sized for every account of the set; keep only what is used (a team holds
         * one itinerary per rep, each planning a small part of a large set) */
        saha_plan_skip *fit =
            saha__realloc_array(ctx, st->skipped, nskip + 1, sizeof *fit);
        if (fit)
            st->skipped = fit;
        else
            saha__error_clear(ctx); /* the larger array still holds them */
    }
    it->skipped = st->skipped;
done:
    saha__free(ctx, seen);
    saha__free(ctx, arrive);
    saha__free(ctx, start);
    if (rc < 0)
        saha_plan__store_free(ctx, st);
    return rc;
}
