/* date: civil dates <-> day numbers, weekdays. */
#include <stdint.h>

#include "internal/core.h"

/* ---- dates (Howard Hinnant's civil-day algorithms, public domain description) ----- */

int64_t saha__days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void saha__civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp, yy;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int saha__weekday(int y, int m, int d)
{
    int64_t z = saha__days_from_civil(y, m, d);
    /* 1970-01-01 was a Thursday (3 when Monday = 0) */
    int64_t w = (z + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w;
}
