/* saha.h: umbrella header for libsaha, the field-sales route planner. */
#ifndef SAHA_H
#define SAHA_H

#include "saha/error.h"
#include "saha/geo.h"
#include "saha/account.h"
#include "saha/basemap.h"
#include "saha/http.h"
#include "saha/geocode.h"
#include "saha/matrix.h"
#include "saha/plan.h"
#include "saha/territory.h"
#include "saha/export.h"
#include "saha/solve.h"

#endif
