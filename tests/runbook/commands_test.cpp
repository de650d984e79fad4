#include "runbook/commands.hpp"
