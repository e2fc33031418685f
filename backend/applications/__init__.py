"""Applications to vacancies and the steps a firm moves them through."""
